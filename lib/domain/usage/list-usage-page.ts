import { skipTake, type Page } from "@/lib/foundation/validation/pagination";
import type { Db } from "@/lib/foundation/db/client";
import { clientNamesOf, toUsageEventView, type UsageEventView } from "@/lib/domain/usage/usage-event-view";
import { usageWhere, type UsageFilter } from "@/lib/domain/usage/usage-filter";

/** One page of a user's proxied requests, newest first, with the total that match. */
export async function listUsagePage(
  db: Db,
  userId: string,
  filter: UsageFilter,
  page: Page,
): Promise<{ data: UsageEventView[]; page: number; limit: number; total: number }> {
  const where = usageWhere(userId, filter);
  const [rows, total] = await Promise.all([
    db.usageEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...skipTake(page),
    }),
    db.usageEvent.count({ where }),
  ]);
  const names = await clientNamesOf(
    db,
    userId,
    rows.map((r) => r.grantId),
  );
  return { data: rows.map((r) => toUsageEventView(r, names)), page: page.page, limit: page.limit, total };
}
