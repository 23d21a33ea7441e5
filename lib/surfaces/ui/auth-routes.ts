/**
 * The sign-in, sign-out and session endpoints (/api/auth/*): CSRF-checked like the rest of the UI
 * API, with the session and device cookies set or cleared here.
 */
import { db } from "@/lib/foundation/db/client";
import { DEVICE_COOKIE_MAX_AGE_SECONDS } from "@/lib/domain/auth/device-cookie";
import { signIn } from "@/lib/domain/auth/sign-in";
import { dropSessionByToken, endSessionByToken } from "@/lib/domain/auth/sessions/end-sessions";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/domain/auth/sessions/session-token";
import { currentUser } from "@/lib/surfaces/ui/session";
import {
  clearCookieHeader,
  deviceCookieName,
  deviceCookieOf,
  sessionCookieName,
  sessionTokenOf,
  setCookieHeader,
} from "@/lib/surfaces/ui/session-cookies";
import { publicUiRoute } from "@/lib/surfaces/ui/ui-route";

function jsonWithCookies(body: unknown, cookies: string[], status = 200): Response {
  const headers = new Headers({ "content-type": "application/json", "cache-control": "no-store" });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(JSON.stringify(body), { status, headers });
}

/** Cookie headers that end this browser's session cookie. */
export function clearSessionCookie(): string {
  return clearCookieHeader(sessionCookieName());
}

export const signInRoute = publicUiRoute(async ({ req, actor, body }) => {
  const result = await signIn(db(), await body(), { actor, deviceCookie: deviceCookieOf(req.headers) });
  await dropSessionByToken(db(), sessionTokenOf(req.headers));
  return jsonWithCookies({ user: { email: result.user.email, role: result.user.role } }, [
    setCookieHeader(sessionCookieName(), result.sessionToken, SESSION_MAX_AGE_SECONDS),
    setCookieHeader(deviceCookieName(), result.deviceCookie, DEVICE_COOKIE_MAX_AGE_SECONDS),
  ]);
});

export const signOutRoute = publicUiRoute(async ({ req, actor }) => {
  await endSessionByToken(db(), sessionTokenOf(req.headers), actor);
  return jsonWithCookies({ signed_out: true }, [clearSessionCookie()]);
});

export const sessionRoute = publicUiRoute(async () => {
  const user = await currentUser();
  return user ? { user: { email: user.email, role: user.role } } : {};
});
