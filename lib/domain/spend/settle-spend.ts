/**
 * Settles a request's hold exactly once (the database refuses a second settlement) and completes its
 * usage event, with what its ending is charged (charge-for.ts) and records (request-ending.ts).
 * settleSpend never throws: a settlement the database refuses to take now is retried in the
 * background (settle-retries.ts).
 */
import { wakeCockpitJobs } from "@/lib/domain/jobs/wake-cockpit-jobs";
import { log } from "@/lib/foundation/log";
import type { LedgerStore, SettleInput, Settled } from "@/lib/engines/ledger/ledger-store";
import { chargeFor, type Charge, type ChargeBasis } from "@/lib/domain/spend/charge-for";
import { recordOf, type RequestEnding } from "@/lib/domain/spend/request-ending";
import { retrySettlementLater } from "@/lib/engines/ledger/settle-retries";

/** An admitted request, as its settlement needs it. */
export type SpentRequest = ChargeBasis & { holdId: string; startedAtMs: number };

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

/** The settlement of a request that ended this way, at endedAtMs. */
export function settlementFor(r: SpentRequest, ending: RequestEnding, endedAtMs: number): SettleRequest {
  return {
    holdId: r.holdId,
    holdMicros: r.holdMicros,
    model: r.facts?.model ?? null,
    startedAtMs: r.startedAtMs,
    ...recordOf(ending),
    charge: chargeFor(r, ending, endedAtMs),
  };
}

export async function settleSpend(store: LedgerStore, s: SettleRequest): Promise<void> {
  const nowMs = Date.now();
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
  let settled: Settled | null;
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
    return;
  }
  if (s.charge.costMicros > s.holdMicros) {
    // The real cost is committed (the window may pass its cap). On a capped entry the first such
    // settlement of the month contained the entry in the same transaction: one request at a time
    // from now on, so the cap is passed by at most one more request's real cost.
    log.warn("request cost more than its reservation; the ledger commits the real cost", {
      request_id: s.holdId,
      cost_micros: s.charge.costMicros,
      hold_micros: s.holdMicros,
      contained: settled.contained,
    });
  }
  if (settled.contained || settled.settledMicros > 0n) wakeCockpitJobs(); // containment notice, spend.threshold: after the commit
}
