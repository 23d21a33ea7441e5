/**
 * Retention of raw usage events: those created before `before` are deleted in small batches (one
 * short statement each, so the proxy's writes never wait behind a long delete), oldest first. The
 * rollups keep the history (the delete does not touch them, migration 0013), and so do the spend
 * windows, the holds' ledger and the audit log. Rollup rows left at zero (an hour's "pending" row once
 * its requests settled) are removed too; they sum nothing.
 */
import type { Db } from "@/lib/foundation/db/client";

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

export async function pruneUsageEvents(db: Db, options: { before: Date; batch?: number; signal?: AbortSignal }): Promise<number> {
  const { before, batch = 1_000, signal } = options;
  let pruned = 0;
  for (const { id: userId } of await db.user.findMany({ select: { id: true } })) {
    while (!signal?.aborted) {
      // per user: the (userId, createdAt) index finds the oldest events without reading the others
      const ids = await db.usageEvent.findMany({
        where: { userId, createdAt: { lt: before } },
        orderBy: { createdAt: "asc" },
        select: { id: true },
        take: batch,
      });
      if (ids.length === 0) break;
      pruned += (await db.usageEvent.deleteMany({ where: { id: { in: ids.map((r) => r.id) } } })).count;
      if (ids.length < batch) break;
      await pause();
    }
  }
  await db.usageRollup.deleteMany({ where: { requests: 0n, bucket: { lt: new Date(Date.now() - 3_600_000) } } });
  return pruned;
}
