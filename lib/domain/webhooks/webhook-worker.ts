/** The background loop of run-webhook-deliveries, one per process; wakeWebhookWorker() runs it at once. */
import { vaultKeys, isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { backgroundLoop, wakeLoop, type BackgroundLoop } from "@/lib/foundation/runtime/background-loop";
import { runWebhookDeliveries } from "@/lib/domain/webhooks/run-webhook-deliveries";

const WEBHOOK_WORKER = "webhook-worker";

/** Delivers what is due every intervalMs; at stop it finishes the delivery in flight and claims no more. */
export function webhookWorker(intervalMs = 1000): BackgroundLoop {
  return backgroundLoop({
    name: WEBHOOK_WORKER,
    intervalMs,
    round: async (signal) => {
      if (!isSealed()) await runWebhookDeliveries(db(), vaultKeys(), env().webhookRetrySeconds, { signal });
    },
    failureMessage: "webhook delivery round failed",
  });
}

/** Nudges this process's worker (e.g. after "Send test"); a no-op where none runs (the CLI). */
export function wakeWebhookWorker(): void {
  wakeLoop(WEBHOOK_WORKER);
}
