import { stepUpRoute } from "@/lib/surfaces/ui/account-routes";

export const POST = stepUpRoute;
