/**
 * OWASP's device cookie: after a successful sign-in the browser gets `<nonce>.<signature>`, an HMAC
 * over the account's email and a random nonce. A browser that shows a valid one for the account it
 * signs in to is throttled on its own (login-throttle), so failures from elsewhere never lock it out.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { randomBase62 } from "@/lib/foundation/crypto/random";
import type { KeyRing } from "@/lib/foundation/crypto/key-ring";

export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

function signature(ring: KeyRing, email: string, nonce: string): string {
  return createHmac("sha256", ring.deviceCookieKey).update(`okap-vault device v1\n${email}\n${nonce}`).digest("base64url");
}

export function mintDeviceCookie(ring: KeyRing, email: string): string {
  const nonce = randomBase62(22);
  return `${nonce}.${signature(ring, email, nonce)}`;
}

/** The cookie's nonce when it was signed for this email, else null. */
export function deviceNonceOf(ring: KeyRing, email: string, cookie: string | null): string | null {
  const match = /^([0-9A-Za-z]{22})\.([A-Za-z0-9_-]{43})$/.exec(cookie ?? "");
  if (!match) return null;
  const expected = Buffer.from(signature(ring, email, match[1]!));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1]! : null;
}
