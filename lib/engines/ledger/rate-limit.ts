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
import { rateWindows } from "@/lib/engines/ledger/windows";

export function rateSteps(
  limits: { requestsPerMinute: number | null; requestsPerDay: number | null },
  nowMs: number,
): { perMinute: RateStep | null; perDay: RateStep | null } {
  const windows = rateWindows(nowMs);
  return {
    perMinute: limits.requestsPerMinute === null ? null : { limit: limits.requestsPerMinute, ...windows.minute },
    perDay: limits.requestsPerDay === null ? null : { limit: limits.requestsPerDay, ...windows.day },
  };
}

/** Seconds until the limiting window rolls over (the earliest moment a retry can succeed). */
export function retryAfterSeconds(step: RateStep): number {
  return Math.max(1, Math.ceil(step.restMs / 1000));
}
