/**
 * The cockpit's background round, one loop per process: grant.expired notifications,
 * spend.threshold events and grant.contained notices. Both are idempotent in the database (compare-and-set, unique rows), so
 * every instance may run the loop. It runs at start, every few seconds and, throttled to once a
 * second, soon after a settlement committed money (wakeCockpitJobs, called off the hot path's
 * critical section).
 */
import { isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { notifyExpiredGrants } from "@/lib/domain/grants/notify-expired-grants";
import { checkSpendThresholds } from "@/lib/domain/spend/check-spend-thresholds";
import { notifyContainments } from "@/lib/domain/spend/notify-containments";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/webhook-worker";
import { backgroundLoop, type BackgroundLoop } from "@/lib/foundation/runtime/background-loop";
import { COCKPIT_JOBS } from "@/lib/domain/jobs/wake-cockpit-jobs";

const COCKPIT_JOBS_INTERVAL_MS = 5_000;
const WAKE_THROTTLE_MS = 1_000;

export function cockpitJobs(intervalMs = COCKPIT_JOBS_INTERVAL_MS): BackgroundLoop {
  return backgroundLoop({
    name: COCKPIT_JOBS,
    intervalMs,
    runAtStart: true,
    wakeThrottleMs: WAKE_THROTTLE_MS,
    round: async () => {
      if (isSealed()) return;
      const now = new Date();
      const queued =
        (await notifyExpiredGrants(db(), now)) + (await checkSpendThresholds(db(), now)) + (await notifyContainments(db(), now));
      if (queued > 0) wakeWebhookWorker();
    },
    failureMessage: "cockpit background round failed; will retry",
  });
}
