/**
 * The retention round, one loop per process: raw usage events older than VAULT_USAGE_RETENTION_DAYS
 * are pruned in small batches (lib/domain/usage/prune-usage-events.ts). Idempotent, so every
 * instance may run it; at start and every ten minutes.
 */
import { isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { log } from "@/lib/foundation/log";
import { backgroundLoop, type BackgroundLoop } from "@/lib/foundation/runtime/background-loop";
import { pruneUsageEvents } from "@/lib/domain/usage/prune-usage-events";

const INTERVAL_MS = 10 * 60_000;

export function usageRetention(intervalMs = INTERVAL_MS): BackgroundLoop {
  return backgroundLoop({
    name: "usage-retention",
    intervalMs,
    runAtStart: true,
    round: async (signal) => {
      if (isSealed()) return;
      const before = new Date(Date.now() - env().usageRetentionDays * 86_400_000);
      const pruned = await pruneUsageEvents(db(), { before, signal });
      if (pruned > 0) log.info("usage events past retention pruned", { pruned, before: before.toISOString() });
    },
    failureMessage: "usage retention round failed; will retry",
  });
}
