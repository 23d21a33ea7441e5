import { disableTotpRoute } from "@/lib/surfaces/ui/account-routes";

export const POST = disableTotpRoute;
