/**
 * Cross-site request protection for cookie-authenticated endpoints: the Origin header must equal the
 * vault's own origin exactly (a missing or "null" Origin is refused), and a token must match the
 * per-browser CSRF cookie (double submit; the page receives the token from the server).
 */
import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/foundation/env";
import { VaultError } from "@/lib/foundation/errors/vault-error";

export const CSRF_COOKIE = "okap_csrf";
export const CSRF_HEADER = "x-csrf-token";

/** The public origin, plus loopback spellings of it while no explicit VAULT_PUBLIC_URL is set. */
export function allowedOrigins(): Set<string> {
  const { publicUrl, publicUrlExplicit, port } = env();
  const origins = new Set([new URL(publicUrl).origin]);
  if (!publicUrlExplicit) {
    for (const host of ["localhost", "127.0.0.1", "[::1]"]) origins.add(`http://${host}:${port}`);
  }
  return origins;
}

export function cookieValue(cookieHeader: string | null, name: string): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function assertSameOrigin(headers: Headers): void {
  const origin = headers.get("origin");
  if (!origin || origin === "null" || !allowedOrigins().has(origin)) {
    throw new VaultError("csrf_failed", "Cross-site request refused: the Origin header is missing or foreign.");
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function assertCsrf(headers: Headers, submittedToken: string | null): void {
  assertSameOrigin(headers);
  const cookie = cookieValue(headers.get("cookie"), CSRF_COOKIE);
  const token = submittedToken ?? headers.get(CSRF_HEADER);
  if (!cookie || !token || cookie.length < 32 || !same(cookie, token)) {
    throw new VaultError("csrf_failed", "Cross-site request refused: the form token is missing or wrong. Reload the page.");
  }
}
