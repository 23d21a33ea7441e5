/**
 * The session and device cookies: HttpOnly, SameSite=Lax, Path=/; behind https `Secure` with the
 * `__Host-` prefix (no Domain, so no sibling host can set or read them).
 */
import { env } from "@/lib/foundation/env";
import { cookieValue } from "@/lib/surfaces/ui/csrf";

function secure(): boolean {
  return env().publicUrl.startsWith("https://");
}

export function sessionCookieName(): string {
  return secure() ? "__Host-okap_session" : "okap_session";
}

export function deviceCookieName(): string {
  return secure() ? "__Host-okap_device" : "okap_device";
}

export function setCookieHeader(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure() ? "; Secure" : ""}`;
}

export function clearCookieHeader(name: string): string {
  return `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure() ? "; Secure" : ""}`;
}

export function sessionTokenOf(headers: Headers): string | null {
  return cookieValue(headers.get("cookie"), sessionCookieName());
}

export function deviceCookieOf(headers: Headers): string | null {
  return cookieValue(headers.get("cookie"), deviceCookieName());
}
