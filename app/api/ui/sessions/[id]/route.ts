import { revokeSessionRoute } from "@/lib/surfaces/ui/session-routes";

export const DELETE = revokeSessionRoute;
