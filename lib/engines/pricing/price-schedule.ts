/**
 * A model's prices over time. Some catalogue prices change on a date (a price cut, a new version) or
 * with the time of day (DeepSeek's peak and off-peak hours). A schedule lists them with their
 * constraints, and is read the way @pydantic/genai-prices reads them: the last entry whose
 * constraint holds at the instant wins, an entry without a constraint always holds.
 *
 * A request is priced at its own time, never at whatever price was in force when the process first
 * looked the model up. It is reserved at the dearer of the price in force when it starts and the
 * next scheduled one (it may run across the change), and settled at the dearer of the prices in
 * force when it started and when it ended (the vault does not know which one the provider bills).
 * Quotes are cached per schedule until its next change: no catalogue work per request.
 */
import { dearerPrice, type ModelPrice } from "@/lib/engines/pricing/model-price";

export type PriceConstraint = { readonly startMs: number } | { readonly startSec: number; readonly endSec: number };

export type PriceQuote = {
  /** The schedule, to read the price in force at the end of the request. */
  readonly schedule: PriceSchedule;
  /** In force when the request started. */
  readonly now: ModelPrice;
  /** The dearer of `now` and the next scheduled price: what the request is reserved at. */
  readonly dearest: ModelPrice;
  /** The quote holds for requests starting in [from, until). */
  readonly from: number;
  readonly until: number;
};

export type PriceSchedule = {
  readonly entries: readonly { readonly constraint: PriceConstraint | null; readonly price: ModelPrice }[];
  /** The last quote (valid until the next change). */
  cached?: PriceQuote;
};

const DAY_MS = 86_400_000;

function holds(c: PriceConstraint, ms: number): boolean {
  if ("startMs" in c) return ms >= c.startMs;
  const sec = (((ms % DAY_MS) + DAY_MS) % DAY_MS) / 1000;
  return c.endSec < c.startSec ? sec >= c.startSec || sec < c.endSec : sec >= c.startSec && sec < c.endSec;
}

/** The price in force at an instant. */
export function priceAt(schedule: PriceSchedule, ms: number): ModelPrice {
  const { entries } = schedule;
  for (let i = entries.length - 1; i >= 0; i--) {
    const { constraint, price } = entries[i]!;
    if (constraint === null || holds(constraint, ms)) return price;
  }
  return entries[0]!.price;
}

/** The first instant after `ms` at which some constraint of the schedule starts or stops holding. */
export function nextChange(schedule: PriceSchedule, ms: number): number {
  let next = Infinity;
  const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
  for (const { constraint: c } of schedule.entries) {
    if (c === null) continue;
    const candidates =
      "startMs" in c ? [c.startMs] : [c.startSec, c.endSec].flatMap((s) => [dayStart + s * 1000, dayStart + DAY_MS + s * 1000]);
    for (const at of candidates) if (at > ms && at < next) next = at;
  }
  return next;
}

/** A schedule of one price that never changes. */
export function fixedSchedule(price: ModelPrice): PriceSchedule {
  return { entries: [{ constraint: null, price }] };
}

/** The quote for a request starting at `ms` (cached until the schedule's next change). */
export function quoteAt(schedule: PriceSchedule, ms: number): PriceQuote {
  const cached = schedule.cached;
  if (cached && ms >= cached.from && ms < cached.until) return cached;
  const now = priceAt(schedule, ms);
  if (schedule.entries.length === 1) return (schedule.cached = { schedule, now, dearest: now, from: -Infinity, until: Infinity });
  const until = nextChange(schedule, ms);
  const dearest = until === Infinity ? now : dearerPrice(now, priceAt(schedule, until));
  return (schedule.cached = { schedule, now, dearest, from: ms, until });
}
