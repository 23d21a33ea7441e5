import { changePasswordRoute } from "@/lib/surfaces/ui/account-routes";

export const POST = changePasswordRoute;
