import { confirmTotpRoute } from "@/lib/surfaces/ui/account-routes";

export const POST = confirmTotpRoute;
