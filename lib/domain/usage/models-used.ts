import type { Db } from "@/lib/foundation/db/client";
import type { UsageFilter } from "@/lib/domain/usage/usage-filter";

/** The distinct model names in a user's usage (for filter choices), most used first, from the daily rollups. */
export async function modelsUsed(db: Db, userId: string, filter: Pick<UsageFilter, "grant_id"> = {}): Promise<string[]> {
  const groups = await db.usageRollup.groupBy({
    by: ["model"],
    where: { userId, period: "d", model: { not: "" }, ...(filter.grant_id ? { grantId: filter.grant_id } : {}) },
    _sum: { requests: true },
    orderBy: [{ _sum: { requests: "desc" } }, { model: "asc" }],
    take: 200,
  });
  return groups.filter((g) => (g._sum.requests ?? 0n) > 0n).map((g) => g.model);
}
