/**
 * Security headers of every page the vault serves, and the per-browser CSRF cookie. Applied by the
 * custom server before Next.js renders, so the CSP nonce reaches Next's own script tags.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CSRF_COOKIE, cookieValue } from "@/lib/surfaces/ui/csrf";

/** The path (and query) of the page being rendered, set by the custom server (never by the client). */
export const PAGE_PATH_HEADER = "x-okap-page-path";

export function contentSecurityPolicy(nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    // style="" attributes (chart bar widths); no inline <style> element without the nonce
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
});

/**
 * Sets the headers on the response and hands the CSP (with its nonce) to Next.js through the
 * request, which is where Next looks for it.
 */
export function applyPageSecurity(req: IncomingMessage, res: ServerResponse, https: boolean): void {
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy(nonce, https);
  req.headers["content-security-policy"] = csp;
  res.setHeader("content-security-policy", csp);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
  if (https) res.setHeader("strict-transport-security", "max-age=31536000");
  ensureCsrfCookie(req, res, https);
}

function ensureCsrfCookie(req: IncomingMessage, res: ServerResponse, secure: boolean): void {
  if (cookieValue(req.headers.cookie ?? null, CSRF_COOKIE)) return;
  const token = randomBytes(32).toString("base64url");
  res.setHeader("set-cookie", `${CSRF_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`);
  req.headers.cookie = req.headers.cookie ? `${req.headers.cookie}; ${CSRF_COOKIE}=${token}` : `${CSRF_COOKIE}=${token}`;
}
