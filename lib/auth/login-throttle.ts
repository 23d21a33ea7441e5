/**
 * Sign-in attempts are counted per account and per client IP in the database (shared by every vault
 * instance), in fixed 15-minute windows. An attempt is counted *before* the password is checked, so
 * parallel guesses cannot slip past the limit; a successful sign-in clears the account's counter.
 */
import type { Db } from "@/lib/db/client";
import { VaultError } from "@/lib/errors/vault-error";

export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perAccount: 5, perIp: 20 } as const;

async function countAttempt(db: Db, key: string, now: Date): Promise<{ attempts: number; windowStart: Date }> {
  const row = await db.authThrottle.upsert({
    where: { key },
    create: { key, attempts: 1, windowStart: now },
    update: { attempts: { increment: 1 } },
  });
  if (now.getTime() - row.windowStart.getTime() < LOGIN_LIMITS.windowMs) return row;
  // The window is over: start a new one (compare-and-set on the old window start).
  await db.authThrottle.updateMany({ where: { key, windowStart: row.windowStart }, data: { attempts: 1, windowStart: now } });
  return (await db.authThrottle.findUnique({ where: { key } })) ?? { attempts: 1, windowStart: now };
}

/** Counts one attempt for the account and the IP; throws too_many_attempts past either limit. */
export async function takeLoginAttempt(db: Db, email: string, ip: string | null, now = new Date()): Promise<void> {
  const checks: { key: string; limit: number }[] = [{ key: `acct:${email}`, limit: LOGIN_LIMITS.perAccount }];
  if (ip) checks.push({ key: `ip:${ip}`, limit: LOGIN_LIMITS.perIp });
  for (const { key, limit } of checks) {
    const { attempts, windowStart } = await countAttempt(db, key, now);
    if (attempts > limit) {
      const seconds = Math.max(1, Math.ceil((windowStart.getTime() + LOGIN_LIMITS.windowMs - now.getTime()) / 1000));
      const minutes = Math.ceil(seconds / 60);
      throw new VaultError(
        "too_many_attempts",
        `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        { retryAfterSeconds: seconds },
      );
    }
  }
}

export async function clearLoginAttempts(db: Db, email: string, ip: string | null): Promise<void> {
  await db.authThrottle.deleteMany({ where: { key: `acct:${email}` } });
  if (ip) await db.authThrottle.updateMany({ where: { key: `ip:${ip}`, attempts: { gt: 0 } }, data: { attempts: { decrement: 1 } } });
}
