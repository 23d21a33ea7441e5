/** The background loop of run-webhook-deliveries, one per process; wake() runs it at once. */
import { vaultKeys, isSealed } from "@/lib/crypto/vault-keys";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { coalescingRunner } from "@/lib/jobs/coalescing-runner";
import { log } from "@/lib/log";
import { peekSingleton, setSingleton } from "@/lib/runtime/singleton";
import { runWebhookDeliveries } from "@/lib/webhooks/run-webhook-deliveries";

type Worker = { wake: () => void; stop: () => void };

export function startWebhookWorker(intervalMs = 1000): Worker {
  const tick = coalescingRunner(
    async () => {
      if (!isSealed()) await runWebhookDeliveries(db(), vaultKeys(), env().webhookRetrySeconds);
    },
    (error) => log.warn("webhook delivery round failed", { err: error }),
  );
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  const worker = { wake: () => void tick(), stop: () => clearInterval(timer) };
  setSingleton("webhook-worker", worker);
  return worker;
}

/** Nudges this process's worker (e.g. after "Send test"); a no-op where none runs (the CLI). */
export function wakeWebhookWorker(): void {
  peekSingleton<Worker>("webhook-worker")?.wake();
}
