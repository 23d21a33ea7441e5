import { sessionRoute } from "@/lib/surfaces/ui/auth-routes";

export const GET = sessionRoute;
