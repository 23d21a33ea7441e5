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

export type AttemptCount = {
  /** Past the limit: this attempt is refused. */
  over: boolean;
  /** This attempt is the first one past the limit in its window (the moment a lockout starts). */
  firstOver: boolean;
  retryAfterSeconds: number;
};

/** Counts one attempt for a key and says whether it is past the limit, without refusing anything. */
export async function countAttemptAgainst(db: Db, key: string, limit: number, now = new Date()): Promise<AttemptCount> {
  const { attempts, windowStart } = await countAttempt(db, key, now);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
  return { over: attempts > limit, firstOver: attempts === limit + 1, retryAfterSeconds };
}

/** Whether a key is past its limit now, counting nothing. */
export async function isOverLimit(db: Db, key: string, limit: number, now = new Date()): Promise<boolean> {
  const row = await db.authThrottle.findUnique({ where: { key } });
  return row !== null && now.getTime() - row.windowStart.getTime() < THROTTLE_WINDOW_MS && row.attempts >= limit;
}

export function waitMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export function tooManyAttempts(what: string, retryAfterSeconds: number): VaultError {
  return new VaultError("too_many_attempts", `Too many ${what}. ${waitMessage(retryAfterSeconds)}`, { retryAfterSeconds });
}

/** Counts one attempt for each key; throws 429 too_many_attempts when any is past its limit. */
export async function takeAttempt(db: Db, checks: { key: string; limit: number }[], what: string, now = new Date()): Promise<void> {
  for (const { key, limit } of checks) {
    const count = await countAttemptAgainst(db, key, limit, now);
    if (count.over) throw tooManyAttempts(what, count.retryAfterSeconds);
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
