/**
 * Settles a request's hold exactly once (the database refuses a second settlement) and completes its
 * usage event. What is charged:
 * - the provider reported final usage: its exact cost, committed in full even when it is above the
 *   hold (the spend window may then pass its cap: the grant's next requests are refused, so the
 *   overshoot is bounded by the requests already in flight);
 * - the request never reached the provider, or the provider answered an error without usage: 0;
 * - the hold, when what the provider did cannot be estimated: a non-streamed call cut before its
 *   answer arrived (the provider generates the whole answer anyway), a cut stream of a reasoning
 *   model (its hidden reasoning does not show in the text), a stream with an event too large to
 *   read (it may have carried the usage);
 * - otherwise (a cut stream, an answer without usage): an estimate (estimate-usage.ts), flagged
 *   `estimated`, never 0 and never above the hold.
 * settleSpend never throws: a settlement the database refuses to take now is retried in the
 * background (settle-retries.ts).
 */
import { wakeCockpitJobs } from "@/lib/domain/jobs/wake-cockpit-jobs";
import { log } from "@/lib/foundation/log";
import { computeCostMicros } from "@/lib/engines/pricing/compute-cost";
import { priceAt, type PriceQuote } from "@/lib/engines/pricing/price-schedule";
import { ZERO_USAGE, type MeterResult, type RequestFacts, type TokenUsage } from "@/lib/engines/providers/types";
import type { LedgerStore, SettleInput } from "@/lib/engines/ledger/ledger-store";
import { estimateUsage } from "@/lib/domain/spend/estimate-usage";
import { retrySettlementLater } from "@/lib/engines/ledger/settle-retries";

export type Charge = { usage: TokenUsage; costMicros: bigint; estimated: boolean };

export type ChargeInput = {
  holdMicros: bigint;
  /** The request's price quote (null: unpriced, charged 0). */
  price: PriceQuote | null;
  /** When the request ended: a request that ran across a scheduled price change pays the dearer price. */
  endedAtMs: number;
  facts: RequestFacts | null;
  /** The forwarded body's length. */
  bodyBytes: number;
  meter: MeterResult;
  /** The request left for the provider (false: refused before sending, connection failed). */
  sent: boolean;
  /** The provider answered (its status line arrived). */
  answered: boolean;
  /** The exchange ended before the provider's answer was complete (client gone, cut, timeout, revoked, shutdown). */
  cut: boolean;
  /** The provider answered with an error status (its body read to the end). */
  upstreamError: boolean;
};

export function chargeFor(c: ChargeInput): Charge {
  const quote = c.price;
  const atEnd = quote ? priceAt(quote.schedule, c.endedAtMs) : null;
  const cost = (usage: TokenUsage): bigint => {
    if (!quote) return 0n;
    const atStart = computeCostMicros(quote.now, usage);
    if (atEnd === null || atEnd === quote.now) return atStart;
    const later = computeCostMicros(atEnd, usage);
    return later > atStart ? later : atStart;
  };
  const hold = c.holdMicros;
  if (c.meter.complete && c.meter.usage) {
    const exact = cost(c.meter.usage);
    // An unreadable event may have carried later (larger) usage: at least the hold, flagged.
    if (c.meter.lostEvents && hold > exact) return { usage: c.meter.usage, costMicros: hold, estimated: true };
    return { usage: c.meter.usage, costMicros: exact, estimated: false };
  }
  if (!c.sent) return { usage: ZERO_USAGE, costMicros: 0n, estimated: false };
  if (c.upstreamError) {
    const usage = c.meter.usage ?? ZERO_USAGE;
    return { usage, costMicros: cost(usage), estimated: false };
  }
  const usage = estimateUsage(c.facts, c.meter, c.bodyBytes, c.answered);
  let costMicros = cost(usage);
  if (hold > 0n) {
    const unknowable = c.meter.lostEvents || (c.cut && (!c.facts?.stream || c.facts.reasoning || c.meter.sawReasoning));
    costMicros = unknowable ? hold : costMicros < 1n ? 1n : costMicros > hold ? hold : costMicros;
  }
  return { usage, costMicros, estimated: true };
}

export type SettleRequest = {
  holdId: string;
  charge: Charge;
  holdMicros: bigint;
  status: number;
  outcome: string;
  model: string | null;
  startedAtMs: number;
  ttfbMs: number | null;
};

export async function settleSpend(store: LedgerStore, s: SettleRequest): Promise<void> {
  const nowMs = Date.now();
  if (s.charge.costMicros > s.holdMicros && s.holdMicros > 0n) {
    // The real cost is committed (the window may pass its cap, and the next requests get 402): a
    // request shape the reservation under-estimates cannot repeat for free. Worth a look all the same.
    log.warn("request cost more than its reservation; the ledger commits the real cost", {
      request_id: s.holdId,
      cost_micros: s.charge.costMicros,
      hold_micros: s.holdMicros,
    });
  }
  const input: SettleInput = {
    holdId: s.holdId,
    costMicros: s.charge.costMicros,
    nowMs,
    status: s.status,
    outcome: s.outcome,
    model: s.model,
    usage: s.charge.usage,
    estimated: s.charge.estimated,
    latencyMs: Math.round(nowMs - s.startedAtMs),
    ttfbMs: s.ttfbMs,
  };
  let settled: bigint | null;
  try {
    settled = await store.settle(input);
  } catch (error) {
    return retrySettlementLater(store, input, error); // the database is away: the hold stays until it is back
  }
  if (settled === null) {
    log.warn("hold was already swept at its reservation; this late settlement changes nothing (no double charge)", {
      request_id: s.holdId,
      cost_micros: s.charge.costMicros,
    });
  } else if (settled > 0n) wakeCockpitJobs(); // spend.threshold check, after the commit and outside it
}
