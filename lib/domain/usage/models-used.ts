import type { Db } from "@/lib/foundation/db/client";
import { usageWhere, type UsageFilter } from "@/lib/domain/usage/usage-filter";

/** The distinct model names in a user's usage (for filter choices), most used first. */
export async function modelsUsed(db: Db, userId: string, filter: UsageFilter = {}): Promise<string[]> {
  const groups = await db.usageEvent.groupBy({
    by: ["model"],
    where: usageWhere(userId, filter),
    _count: { _all: true },
    orderBy: { _count: { model: "desc" } },
    take: 200,
  });
  return groups.map((g) => g.model).filter((m): m is string => m !== null);
}
