import { signInRoute } from "@/lib/surfaces/ui/auth-routes";

export const POST = signInRoute;
