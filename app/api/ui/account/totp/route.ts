import { beginTotpRoute } from "@/lib/surfaces/ui/account-routes";

export const POST = beginTotpRoute;
