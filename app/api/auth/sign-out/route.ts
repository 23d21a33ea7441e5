import { signOutRoute } from "@/lib/surfaces/ui/auth-routes";

export const POST = signOutRoute;
