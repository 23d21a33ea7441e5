/**
 * The sweeper: settles expired holds at their full reserved amount, so a crash (kill -9, power loss
 * of an instance) never leaks held money and never makes a request free. A hold expires a minute
 * after the longest request, counted from its admission or its last renewal (a running request's
 * instance renews it: lib/surfaces/proxy/live-requests.ts). A late settlement racing the sweeper finds the
 * hold no longer held and charges nothing twice; the swept usage event stays as it is (migration 0006).
 */
import { log } from "@/lib/foundation/log";
import type { LedgerStore } from "@/lib/engines/ledger/ledger-store";
import { backgroundLoop, type BackgroundLoop } from "@/lib/foundation/runtime/background-loop";

export const SWEEP_INTERVAL_MS = 30_000;

export async function sweepHolds(store: LedgerStore, nowMs = Date.now()): Promise<number> {
  const swept = await store.sweep(nowMs);
  if (swept > 0) log.warn("settled stale holds at their reserved amount", { holds: swept });
  return swept;
}

/** A sweep at start and every intervalMs. */
export function holdSweeper(store: LedgerStore, intervalMs = SWEEP_INTERVAL_MS): BackgroundLoop {
  return backgroundLoop({
    name: "hold-sweeper",
    intervalMs,
    runAtStart: true,
    round: () => sweepHolds(store),
    failureMessage: "hold sweep failed; will retry",
  });
}
