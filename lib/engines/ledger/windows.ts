/**
 * The ledger's windows, every one keyed by UTC time so that a new window needs no reset (a new key
 * is a new row):
 * - spend windows (SpendWindow, Hold.monthWindow / dayWindow, SpendAlert): the calendar month
 *   `m:2026-11` and the day `d:2026-11-22`;
 * - rate-limit windows (RateWindow): the epoch minute `rm:0029412345` (zero-padded to ten digits,
 *   so keys sort as numbers) and the day `rd:2026-11-22`.
 * Keys are only built and read here. Keys of one kind sort by time, which is what pruning needs.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The length of each rate-limit window (the `span` of the sliding-window estimate, rate-limit.ts). */
export const RATE_SPAN_MS = { minute: MINUTE_MS, day: DAY_MS } as const;

const MONTH = "m:";
const DAY = "d:";
const RATE_MINUTE = "rm:";
const RATE_DAY = "rd:";

const isoMonth = (ms: number) => new Date(ms).toISOString().slice(0, 7);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const monthStartMs = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

export type SpendWindows = { month: string; day: string };

/** The spend windows a moment belongs to: its UTC calendar month and its UTC day. */
export function spendWindows(nowMs: number): SpendWindows {
  return { month: MONTH + isoMonth(nowMs), day: DAY + isoDay(nowMs) };
}

/** When the spend windows of a moment end: the next UTC month and the next UTC midnight. */
export function spendWindowResets(nowMs: number): { month: Date; day: Date } {
  const now = new Date(nowMs);
  return {
    month: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
    day: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)),
  };
}

/** The current spend windows and the ones just before them (a request admitted before midnight settles after it). */
export function recentSpendWindows(nowMs: number): string[] {
  const now = spendWindows(nowMs);
  const yesterday = spendWindows(nowMs - DAY_MS);
  const lastMonth = spendWindows(monthStartMs(nowMs) - 1);
  return [...new Set([now.month, now.day, yesterday.day, lastMonth.month])];
}

export type SpendPeriod = "month" | "day";

/** A spend window's period and its label as the views show it ("2026-11", "2026-11-22"); null for a key that is none. */
export function parseSpendWindow(key: string): { period: SpendPeriod; label: string } | null {
  if (key.startsWith(MONTH) && /^\d{4}-\d{2}$/.test(key.slice(MONTH.length))) return { period: "month", label: key.slice(MONTH.length) };
  if (key.startsWith(DAY) && /^\d{4}-\d{2}-\d{2}$/.test(key.slice(DAY.length))) return { period: "day", label: key.slice(DAY.length) };
  return null;
}

/** One fixed rate-limit window and the one before it, with the time left in the current one. */
export type RateWindow = { window: string; previous: string; restMs: number };

const minuteKey = (minute: number) => RATE_MINUTE + String(minute).padStart(10, "0");
const dayKey = (day: number) => RATE_DAY + isoDay(day * DAY_MS);

/** The UTC minute and day rate-limit windows of a moment. */
export function rateWindows(nowMs: number): { minute: RateWindow; day: RateWindow } {
  const minute = Math.floor(nowMs / MINUTE_MS);
  const day = Math.floor(nowMs / DAY_MS);
  return {
    minute: { window: minuteKey(minute), previous: minuteKey(minute - 1), restMs: MINUTE_MS - (nowMs % MINUTE_MS) },
    day: { window: dayKey(day), previous: dayKey(day - 1), restMs: DAY_MS - (nowMs % DAY_MS) },
  };
}

/** Rate-limit rows no admission reads any more, per kind: a LIKE pattern for the kind and the first key kept. */
export type RatePrune = { minute: { like: string; before: string }; day: { like: string; before: string } };

/** Keeps the current and previous minute and day windows (what an admission reads), and the one before each. */
export function ratePrune(nowMs: number): RatePrune {
  return {
    minute: { like: `${RATE_MINUTE}%`, before: minuteKey(Math.floor(nowMs / MINUTE_MS) - 2) },
    day: { like: `${RATE_DAY}%`, before: RATE_DAY + isoDay(nowMs - 2 * DAY_MS) },
  };
}
