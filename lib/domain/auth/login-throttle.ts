/** Sign-in attempts: 5 per account and 20 per client IP in 15-minute windows (see attempt-throttle). */
import type { Db } from "@/lib/foundation/db/client";
import { clearAttempts, refundAttempt, takeAttempt } from "@/lib/domain/auth/attempt-throttle";

export const LOGIN_LIMITS = { perAccount: 5, perIp: 20 } as const;

export async function takeLoginAttempt(db: Db, email: string, ip: string | null, now = new Date()): Promise<void> {
  const checks: { key: string; limit: number }[] = [{ key: `acct:${email}`, limit: LOGIN_LIMITS.perAccount }];
  if (ip) checks.push({ key: `ip:${ip}`, limit: LOGIN_LIMITS.perIp });
  await takeAttempt(db, checks, "sign-in attempts", now);
}

export async function clearLoginAttempts(db: Db, email: string, ip: string | null): Promise<void> {
  await clearAttempts(db, `acct:${email}`);
  if (ip) await refundAttempt(db, `ip:${ip}`);
}
