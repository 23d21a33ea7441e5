/**
 * Holds left by a vault that stopped (kill -9, a lost machine) must not reserve a grant's budget
 * until their lifetime runs out (the longest request time plus a minute: a quarter of an hour by
 * default). Each instance writes a heartbeat every `intervalMs`; the holds of an instance whose
 * heartbeat is older than three intervals are settled by whichever instance notices first, at their
 * full reserved amount (the provider may have billed the request), with the outcome
 * `vault_restarted`. On SQLite one process owns the database, so a start settles every hold still
 * held at once.
 *
 * After a database outage every heartbeat is old: an instance only settles others' holds once its
 * own heartbeats have succeeded for three intervals in a row, so the others had the time to write theirs.
 */
import { noteDatabaseOk } from "@/lib/foundation/db/database-health";
import { log } from "@/lib/foundation/log";
import type { LedgerStore } from "@/lib/engines/ledger/ledger-store";
import { backgroundLoop, type BackgroundLoop } from "@/lib/foundation/runtime/background-loop";

export const STALE_HEARTBEATS = 3;

export function instanceHeartbeat(store: LedgerStore, intervalMs: number): BackgroundLoop {
  const staleMs = intervalMs * STALE_HEARTBEATS;
  let startSettled = store.kind !== "sqlite";
  let healthySince: number | null = null;
  return backgroundLoop({
    name: "instance-heartbeat",
    intervalMs,
    runAtStart: true,
    failureMessage: "instance heartbeat failed; will retry",
    round: async () => {
      const nowMs = Date.now();
      try {
        await store.heartbeat(nowMs);
      } catch (error) {
        healthySince = null;
        throw error;
      }
      noteDatabaseOk();
      healthySince ??= nowMs;
      let settled = 0;
      if (!startSettled) {
        settled = await store.settleOrphans({ staleMs, nowMs, everyOtherInstance: true });
        startSettled = true;
      } else if (nowMs - healthySince >= staleMs) {
        settled = await store.settleOrphans({ staleMs, nowMs });
      }
      if (settled > 0)
        log.warn("settled the holds of a vault that stopped, at their reserved amount (vault restarted)", { holds: settled });
    },
  });
}
