/**
 * Sign-in throttling that an attacker cannot turn against the owner (OWASP's device cookies), in
 * 15-minute windows shared by every instance (attempt-throttle):
 * - a browser holding a valid device cookie of the account (it signed in before) counts only against
 *   that cookie: 5 failures lock the cookie, after which the browser is treated as unknown;
 * - any other browser counts per client IP (20) and per account and IP (5): past either, that address
 *   waits for its window to end, whatever it sends;
 * - failures for one account from unknown browsers also add up across addresses (10): past that, an
 *   unknown browser gets in only with the right password and the second factor.
 * Attempts are counted before the password is checked, so parallel guesses cannot slip past a limit.
 */
import type { Db } from "@/lib/foundation/db/client";
import { clearAttempts, countAttemptAgainst, refundAttempt, tooManyAttempts } from "@/lib/domain/auth/attempt-throttle";
import type { VaultError } from "@/lib/foundation/errors/vault-error";

export const LOGIN_LIMITS = { perIp: 20, perAccountIp: 5, perAccountUnknownBrowsers: 10, perDeviceCookie: 5 } as const;

export type LoginClient = { email: string; ip: string | null; deviceNonce: string | null };
export type LockoutScope = "ip" | "account_ip" | "account" | "device";
export type Lockout = { scope: LockoutScope; retryAfterSeconds: number };

export type LoginAdmission = {
  /** The browser holds a valid, unlocked device cookie of this account. */
  trusted: boolean;
  /** The attempt is refused before any password is checked. */
  refused: VaultError | null;
  /** Seconds left while unknown browsers need the second factor for this account, or null. */
  accountLocked: number | null;
  /** Lockouts that start with this attempt (to audit once per window). */
  started: Lockout[];
};

const keys = {
  ip: (ip: string) => `ip:${ip}`,
  pair: (email: string, ip: string) => `acct-ip:${email}|${ip}`,
  account: (email: string) => `acct:${email}`,
  device: (nonce: string) => `dev:${nonce}`,
};

export async function admitLoginAttempt(db: Db, client: LoginClient, now = new Date()): Promise<LoginAdmission> {
  const started: Lockout[] = [];
  if (client.deviceNonce) {
    const device = await countAttemptAgainst(db, keys.device(client.deviceNonce), LOGIN_LIMITS.perDeviceCookie, now);
    if (!device.over) return { trusted: true, refused: null, accountLocked: null, started };
    if (device.firstOver) started.push({ scope: "device", retryAfterSeconds: device.retryAfterSeconds });
  }
  const ip = client.ip ?? "unknown";
  const byIp = await countAttemptAgainst(db, keys.ip(ip), LOGIN_LIMITS.perIp, now);
  const byPair = await countAttemptAgainst(db, keys.pair(client.email, ip), LOGIN_LIMITS.perAccountIp, now);
  const byAccount = await countAttemptAgainst(db, keys.account(client.email), LOGIN_LIMITS.perAccountUnknownBrowsers, now);
  if (byIp.firstOver) started.push({ scope: "ip", retryAfterSeconds: byIp.retryAfterSeconds });
  if (byPair.firstOver) started.push({ scope: "account_ip", retryAfterSeconds: byPair.retryAfterSeconds });
  if (byAccount.firstOver) started.push({ scope: "account", retryAfterSeconds: byAccount.retryAfterSeconds });
  let refused: VaultError | null = null;
  if (byPair.over) refused = tooManyAttempts("sign-in attempts for this account from your address", byPair.retryAfterSeconds);
  else if (byIp.over) refused = tooManyAttempts("sign-in attempts from your address", byIp.retryAfterSeconds);
  return { trusted: false, refused, accountLocked: byAccount.over ? byAccount.retryAfterSeconds : null, started };
}

/** After a success: the browser's own counters start over, and the shared ones get this attempt back. */
export async function clearLoginAttempts(db: Db, client: LoginClient, trusted: boolean): Promise<void> {
  if (trusted && client.deviceNonce) return clearAttempts(db, keys.device(client.deviceNonce));
  const ip = client.ip ?? "unknown";
  await clearAttempts(db, keys.pair(client.email, ip));
  await refundAttempt(db, keys.ip(ip));
  await refundAttempt(db, keys.account(client.email));
}
