/**
 * The background work of a serving instance, started and stopped here and nowhere else. A sealed
 * instance runs none of it (no webhooks, jobs, sweeps or listener). Shutdown stops it in two steps
 * around the drain (docs/architecture.md, "Shutdown"):
 * - at the signal, the outbound jobs (webhook deliveries, the cockpit's alerts, usage retention): their timers stop
 *   at once; the round each was running is awaited before the databases close;
 * - after the drain, in this order (the requests being drained still need them): the settlement
 *   retries get one last attempt, the sweeper stops, then the change listener.
 * The proxy's own loops (live requests' token checks and hold renewals) run only while requests
 * are admitted and stop with the last of them (lib/surfaces/proxy/live-requests.ts).
 */
import { changeListener } from "@/lib/foundation/cluster/change-listener";
import type { VaultEnv } from "@/lib/foundation/env";
import { stopInOrder, type BackgroundTask } from "@/lib/foundation/runtime/background-loop";
import { ledgerStore } from "@/lib/engines/ledger/ledger-store-for";
import { settleRetries } from "@/lib/engines/ledger/settle-retries";
import { holdSweeper } from "@/lib/engines/ledger/sweep-holds";
import { instanceHeartbeat } from "@/lib/engines/ledger/instance-heartbeat";
import { cockpitJobs } from "@/lib/domain/jobs/cockpit-jobs";
import { usageRetention } from "@/lib/domain/jobs/usage-retention";
import { webhookWorker } from "@/lib/domain/webhooks/webhook-worker";

export type BackgroundWork = {
  /** At the signal: the jobs start nothing new; resolves when the rounds they were running have ended. */
  stopJobs(): Promise<void>;
  /** After the drain: the last settlement attempt, the sweeper, the change listener, one after the other. */
  stopLedger(): Promise<void>;
};

export function startBackgroundWork(config: VaultEnv, sealed: boolean): BackgroundWork {
  const jobs: BackgroundTask[] = sealed ? [] : [webhookWorker(), cockpitJobs(), usageRetention()];
  const ledger: BackgroundTask[] = sealed
    ? []
    : [
        settleRetries(),
        holdSweeper(ledgerStore()),
        instanceHeartbeat(ledgerStore(), config.heartbeatMs),
        ...(config.databaseKind === "postgres" ? [changeListener(config.databaseUrl)] : []),
      ];
  for (const task of [...jobs, ...ledger]) task.start();
  let jobsStopped: Promise<void> | null = null;
  return {
    stopJobs: () => (jobsStopped ??= Promise.all(jobs.map((task) => task.stop())).then(() => undefined)),
    stopLedger: () => stopInOrder(ledger),
  };
}
