/**
 * Usage events for the CLI: one per proxied request, newest first, token counts as the provider
 * reported them (input including cached tokens, output including reasoning), cost in µ$.
 */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { clientNamesOf, toUsageEventView, type UsageEventView } from "@/lib/domain/usage/usage-event-view";

const usageQuery = z.strictObject({
  userId: z.string(),
  grantId: z.string().max(100).optional(),
  since: z.iso
    .datetime({ offset: true, error: "since must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z" })
    .transform((v) => new Date(v))
    .optional(),
  limit: z.number().int().min(1).max(100_000).default(1_000),
});

export async function listUsageEvents(db: Db, query: unknown): Promise<UsageEventView[]> {
  const q = parseInput(usageQuery, query);
  const rows = await db.usageEvent.findMany({
    where: { userId: q.userId, grantId: q.grantId, createdAt: q.since ? { gte: q.since } : undefined },
    orderBy: { createdAt: "desc" },
    take: q.limit,
  });
  const names = await clientNamesOf(
    db,
    q.userId,
    rows.map((r) => r.grantId),
  );
  return rows.map((r) => toUsageEventView(r, names));
}
