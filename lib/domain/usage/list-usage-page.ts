import type { Db } from "@/lib/foundation/db/client";
import type { Page } from "@/lib/foundation/validation/pagination";
import { clientNamesOf, toUsageEventView, type UsageEventView } from "@/lib/domain/usage/usage-event-view";
import { encodeUsageCursor, pastCursor, type UsageCursor } from "@/lib/domain/usage/usage-cursor";
import { usageTotals } from "@/lib/domain/usage/aggregate-usage";
import { usageWhere, type UsageFilter } from "@/lib/domain/usage/usage-filter";

export type UsagePage = {
  data: UsageEventView[];
  page: number;
  limit: number;
  total: number;
  /** Cursors of the next older and newer pages (null at the end / at the newest page). */
  older: string | null;
  newer: string | null;
};

type Row = Awaited<ReturnType<Db["usageEvent"]["findMany"]>>[number];

const keyOf = (direction: UsageCursor["direction"], r: Row | undefined) =>
  r ? encodeUsageCursor({ direction, createdAt: r.createdAt, id: r.id }) : null;

/**
 * One page of a user's proxied requests, newest first, with the total that match (from the rollups).
 * With a cursor the page is read from the index position after it (keyset); without one, `page`
 * counts pages from the newest.
 */
export async function listUsagePage(
  db: Db,
  userId: string,
  filter: UsageFilter,
  page: Page & { cursor?: UsageCursor },
): Promise<UsagePage> {
  const { page: number, limit, cursor } = page;
  const total = (await usageTotals(db, userId, filter)).requests;
  if (total === 0) return { data: [], page: number, limit, total, older: null, newer: null };
  const where = usageWhere(userId, filter);
  const past = cursor ? pastCursor(cursor) : null;
  const found = await db.usageEvent.findMany({
    where: past ? { AND: [where, past.where] } : where,
    orderBy: past?.orderBy ?? [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(past ? {} : { skip: (number - 1) * limit }),
  });
  const more = found.length > limit;
  const rows = found.slice(0, limit);
  if (cursor?.direction === "newer") rows.reverse();
  const olderExists = cursor?.direction === "newer" || more;
  const newerExists = cursor ? cursor.direction === "older" || more : number > 1;
  const names = await clientNamesOf(
    db,
    userId,
    rows.map((r) => r.grantId),
  );
  return {
    data: rows.map((r) => toUsageEventView(r, names)),
    page: number,
    limit,
    total,
    older: olderExists ? keyOf("older", rows.at(-1)) : null,
    newer: newerExists ? keyOf("newer", rows[0]) : null,
  };
}
