/**
 * Attempts counted per key (an account, an IP, ...) in fixed windows, in the database so every vault
 * instance shares them. An attempt is counted *before* the credential is checked, so parallel guesses
 * cannot slip past the limit.
 */
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";

export const THROTTLE_WINDOW_MS = 15 * 60_000;

async function countAttempt(db: Db, key: string, now: Date): Promise<{ attempts: number; windowStart: Date }> {
  const row = await db.authThrottle.upsert({
    where: { key },
    create: { key, attempts: 1, windowStart: now },
    update: { attempts: { increment: 1 } },
  });
  if (now.getTime() - row.windowStart.getTime() < THROTTLE_WINDOW_MS) return row;
  // The window is over: start a new one (compare-and-set on the old window start).
  await db.authThrottle.updateMany({ where: { key, windowStart: row.windowStart }, data: { attempts: 1, windowStart: now } });
  return (await db.authThrottle.findUnique({ where: { key } })) ?? { attempts: 1, windowStart: now };
}

/** Counts one attempt for each key; throws 429 too_many_attempts when any is past its limit. */
export async function takeAttempt(db: Db, checks: { key: string; limit: number }[], what: string, now = new Date()): Promise<void> {
  for (const { key, limit } of checks) {
    const { attempts, windowStart } = await countAttempt(db, key, now);
    if (attempts > limit) {
      const seconds = Math.max(1, Math.ceil((windowStart.getTime() + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
      const minutes = Math.ceil(seconds / 60);
      throw new VaultError("too_many_attempts", `Too many ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
        retryAfterSeconds: seconds,
      });
    }
  }
}

/** Forgets the attempts of a key (after a success). */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.authThrottle.deleteMany({ where: { key } });
}

/** Gives one attempt back (a success should not eat into a shared IP budget). */
export async function refundAttempt(db: Db, key: string): Promise<void> {
  await db.authThrottle.updateMany({ where: { key, attempts: { gt: 0 } }, data: { attempts: { decrement: 1 } } });
}
