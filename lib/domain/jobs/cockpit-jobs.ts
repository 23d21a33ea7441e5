/**
 * The cockpit's background round, one loop per process: grant.expired notifications and
 * spend.threshold events. Both are idempotent in the database (compare-and-set, unique rows), so
 * every instance may run the loop. It runs every few seconds and, throttled to once a second, soon
 * after a settlement committed money (wakeCockpitJobs, called off the hot path's critical section).
 */
import { isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { notifyExpiredGrants } from "@/lib/domain/grants/notify-expired-grants";
import { log } from "@/lib/foundation/log";
import { setSingleton } from "@/lib/foundation/runtime/singleton";
import { checkSpendThresholds } from "@/lib/domain/spend/check-spend-thresholds";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/webhook-worker";
import { coalescingRunner } from "@/lib/foundation/runtime/coalescing-runner";
import { COCKPIT_JOBS_SINGLETON, type CockpitJobs } from "@/lib/domain/jobs/wake-cockpit-jobs";

const COCKPIT_JOBS_INTERVAL_MS = 5_000;
const WAKE_THROTTLE_MS = 1_000;

export function startCockpitJobs(intervalMs = COCKPIT_JOBS_INTERVAL_MS): CockpitJobs {
  let lastRun = 0;
  let scheduled: NodeJS.Timeout | null = null;
  const run = coalescingRunner(
    async () => {
      lastRun = Date.now();
      if (isSealed()) return;
      const now = new Date();
      const queued = (await notifyExpiredGrants(db(), now)) + (await checkSpendThresholds(db(), now));
      if (queued > 0) wakeWebhookWorker();
    },
    (error) => log.warn("cockpit background round failed; will retry", { err: error }),
  );
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  const jobs: CockpitJobs = {
    wake: () => {
      if (scheduled) return;
      scheduled = setTimeout(
        () => {
          scheduled = null;
          void run();
        },
        Math.max(0, lastRun + WAKE_THROTTLE_MS - Date.now()),
      );
      scheduled.unref();
    },
    stop: () => {
      clearInterval(timer);
      if (scheduled) clearTimeout(scheduled);
      setSingleton(COCKPIT_JOBS_SINGLETON, undefined);
    },
  };
  setSingleton(COCKPIT_JOBS_SINGLETON, jobs);
  void run();
  return jobs;
}
