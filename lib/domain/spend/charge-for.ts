/**
 * What a request is charged, by how it ended (request-ending.ts). Whatever the ending, final usage
 * the provider reported wins: its exact cost, committed in full even above the hold (the spend
 * window may then pass its cap: the grant's next requests are refused, so the overshoot is bounded
 * by the requests already in flight), or the hold when an unreadable event may have carried larger
 * usage. Otherwise:
 * - not_sent, refused: 0 (nothing reached the provider, or it refused the key before doing anything);
 * - upstream_error: the cost of whatever usage the error body reported (0 without any);
 * - no_answer, completed, cut: an estimate (estimate-usage.ts), flagged `estimated`, never 0 and
 *   never above the hold; or the hold itself when what the provider did cannot be estimated: a
 *   non-streamed call cut before its answer was whole (the provider generates the whole answer
 *   anyway), a cut stream of a reasoning model (its hidden reasoning does not show in the text), a
 *   stream with an event too large to read (it may have carried the usage).
 * A request that ran across a scheduled price change pays the dearer of its start and end prices.
 */
import { computeCostMicros } from "@/lib/engines/pricing/compute-cost";
import { priceAt, type PriceQuote } from "@/lib/engines/pricing/price-schedule";
import { ZERO_USAGE, type MeterResult, type RequestFacts, type TokenUsage } from "@/lib/engines/providers/types";
import { estimateUsage } from "@/lib/domain/spend/estimate-usage";
import { NOTHING_METERED, unreachable, type RequestEnding } from "@/lib/domain/spend/request-ending";

export type Charge = { usage: TokenUsage; costMicros: bigint; estimated: boolean };

/** What the charge of a request depends on besides its ending. */
export type ChargeBasis = {
  holdMicros: bigint;
  /** The request's price quote (null: unpriced, charged 0). */
  price: PriceQuote | null;
  facts: RequestFacts | null;
  /** The forwarded body's length. */
  bodyBytes: number;
};

type Cost = (usage: TokenUsage) => bigint;

function costAt(quote: PriceQuote | null, endedAtMs: number): Cost {
  const atEnd = quote ? priceAt(quote.schedule, endedAtMs) : null;
  return (usage) => {
    if (!quote) return 0n;
    const atStart = computeCostMicros(quote.now, usage);
    if (atEnd === null || atEnd === quote.now) return atStart;
    const later = computeCostMicros(atEnd, usage);
    return later > atStart ? later : atStart;
  };
}

/** The provider's final usage, if it reported one. */
function reported(b: ChargeBasis, meter: MeterResult, cost: Cost): Charge | null {
  if (!meter.complete || !meter.usage) return null;
  const exact = cost(meter.usage);
  // An unreadable event may have carried later (larger) usage: at least the hold, flagged.
  if (meter.lostEvents && b.holdMicros > exact) return { usage: meter.usage, costMicros: b.holdMicros, estimated: true };
  return { usage: meter.usage, costMicros: exact, estimated: false };
}

/** Usage the provider did not report: estimated, between 1 µ$ and the hold, or the hold when it cannot be estimated. */
function estimated(b: ChargeBasis, meter: MeterResult, cost: Cost, answered: boolean, cut: boolean): Charge {
  const usage = estimateUsage(b.facts, meter, b.bodyBytes, answered);
  let costMicros = cost(usage);
  const hold = b.holdMicros;
  if (hold > 0n) {
    const unknowable = meter.lostEvents || (cut && (!b.facts?.stream || b.facts.reasoning || meter.sawReasoning));
    costMicros = unknowable ? hold : costMicros < 1n ? 1n : costMicros > hold ? hold : costMicros;
  }
  return { usage, costMicros, estimated: true };
}

export function chargeFor(b: ChargeBasis, ending: RequestEnding, endedAtMs: number): Charge {
  const cost = costAt(b.price, endedAtMs);
  switch (ending.kind) {
    case "not_sent":
    case "refused":
      return { usage: ZERO_USAGE, costMicros: 0n, estimated: false };
    case "upstream_error": {
      const usage = ending.meter.usage ?? ZERO_USAGE;
      return reported(b, ending.meter, cost) ?? { usage, costMicros: cost(usage), estimated: false };
    }
    case "no_answer":
      return estimated(b, NOTHING_METERED, cost, false, true);
    case "completed":
      return reported(b, ending.meter, cost) ?? estimated(b, ending.meter, cost, true, false);
    case "cut":
      return reported(b, ending.meter, cost) ?? estimated(b, ending.meter, cost, true, true);
    default:
      return unreachable(ending);
  }
}
