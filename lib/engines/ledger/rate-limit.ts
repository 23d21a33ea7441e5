/**
 * Requests-per-minute and requests-per-day limits, shared by every instance through the database.
 * Sliding-window counter: a request is admitted when
 *   (count in the current window + 1) + count in the previous window x (share of the sliding window
 *   still covering it) <= limit,
 * computed in integers as (count + 1) * span + previous * restMs <= limit * span. It approximates an
 * exact sliding log (it assumes the previous window's requests were evenly spread) and never admits
 * more than `limit` in one fixed window.
 */
import type { RateStep } from "@/lib/engines/ledger/ledger-store";

const MINUTE = 60_000;
const DAY = 86_400_000;

export function rateSteps(limits: { requestsPerMinute: number | null; requestsPerDay: number | null }, nowMs: number) {
  const minute = Math.floor(nowMs / MINUTE);
  const day = Math.floor(nowMs / DAY);
  const dayKey = (d: number) => `rd:${new Date(d * DAY).toISOString().slice(0, 10)}`;
  const perMinute: RateStep | null =
    limits.requestsPerMinute === null
      ? null
      : {
          limit: limits.requestsPerMinute,
          window: `rm:${String(minute).padStart(10, "0")}`,
          previous: `rm:${String(minute - 1).padStart(10, "0")}`,
          restMs: MINUTE - (nowMs % MINUTE),
        };
  const perDay: RateStep | null =
    limits.requestsPerDay === null
      ? null
      : { limit: limits.requestsPerDay, window: dayKey(day), previous: dayKey(day - 1), restMs: DAY - (nowMs % DAY) };
  return { perMinute, perDay };
}

/** Seconds until the limiting window rolls over (the earliest moment a retry can succeed). */
export function retryAfterSeconds(step: RateStep): number {
  return Math.max(1, Math.ceil(step.restMs / 1000));
}
