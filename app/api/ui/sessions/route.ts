import { listSessionsRoute, signOutEverywhereRoute } from "@/lib/surfaces/ui/session-routes";

export const GET = listSessionsRoute;
export const DELETE = signOutEverywhereRoute;
