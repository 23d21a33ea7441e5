/** The background loop of run-webhook-deliveries, one per process; wake() runs it at once. */
import { vaultKeys, isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { coalescingRunner } from "@/lib/foundation/runtime/coalescing-runner";
import { log } from "@/lib/foundation/log";
import { peekSingleton, setSingleton } from "@/lib/foundation/runtime/singleton";
import { runWebhookDeliveries } from "@/lib/domain/webhooks/run-webhook-deliveries";

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
