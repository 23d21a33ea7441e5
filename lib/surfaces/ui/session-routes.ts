/** Settings -> Account: the owner's sessions, signed out one at a time or everywhere. */
import { db } from "@/lib/foundation/db/client";
import { listSessions } from "@/lib/domain/auth/sessions/list-sessions";
import { revokeSession } from "@/lib/domain/auth/sessions/revoke-session";
import { signOutEverywhere } from "@/lib/domain/auth/sessions/sign-out-everywhere";
import { clearSessionCookie } from "@/lib/surfaces/ui/auth-routes";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

export const listSessionsRoute = uiRoute(async ({ user, session }) => ({ data: await listSessions(db(), user.id, session.id) }));

export const signOutEverywhereRoute = uiRoute(async ({ user, actor }) => {
  const result = await signOutEverywhere(db(), user.id, actor);
  return Response.json(result, { headers: { "cache-control": "no-store", "set-cookie": clearSessionCookie() } });
});

export const revokeSessionRoute = uiRoute<{ id: string }>(async ({ user, actor, params, session }) => {
  const { id } = await revokeSession(db(), user.id, params, actor);
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (id === session.id) headers["set-cookie"] = clearSessionCookie();
  return new Response(null, { status: 204, headers });
});
