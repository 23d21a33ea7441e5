/**
 * Usage summed over a filter, grouped by one column (or UTC day, or not at all), read from the rollups
 * (lib/domain/usage/rollup-ranges.ts says which part of the range comes from which rows): daily and
 * hourly rollup rows, plus the raw events of the partial hours at the edges of a range whose bounds
 * are not on the hour. The rollups are kept exact by the database (migration 0013), so the sums equal
 * a sum over the raw events, to the token and µ$, also for the current hour while traffic runs.
 */
import type { Db } from "@/lib/foundation/db/client";
import { splitRange, type RawRange } from "@/lib/domain/usage/rollup-ranges";
import { addTotals, totalsFromSums, USAGE_SUMS, ZERO_TOTALS, type UsageSums, type UsageTotals } from "@/lib/domain/usage/usage-totals";
import type { UsageFilter } from "@/lib/domain/usage/usage-filter";

export type SumColumn = "provider" | "model" | "grantId";
export type SumGroup = SumColumn | "day" | null;
export type KeyedTotals = { key: string | null; totals: UsageTotals };

/** The filter's dimensions (not its dates), for the rollups and the raw events alike. */
function dimensions(userId: string, f: UsageFilter) {
  return {
    userId,
    ...(f.grant_id ? { grantId: f.grant_id } : {}),
    ...(f.provider ? { provider: f.provider } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
  };
}

type GroupRow = Record<string, unknown> & { _sum: UsageSums & { requests?: bigint | null }; _count?: { _all: number } };

async function fromRollups(db: Db, userId: string, f: UsageFilter, by: SumGroup): Promise<KeyedTotals[]> {
  const { rollups } = splitRange(f.since, f.until);
  if (rollups.length === 0) return [];
  const where = {
    ...dimensions(userId, f),
    OR: rollups.map((r) => ({ period: r.period, bucket: { ...(r.gte ? { gte: r.gte } : {}), ...(r.lt ? { lt: r.lt } : {}) } })),
  };
  const _sum = { requests: true as const, ...USAGE_SUMS };
  if (by === null) {
    const all = await db.usageRollup.aggregate({ where, _sum });
    return [{ key: null, totals: totalsFromSums(all._sum.requests ?? 0n, all._sum) }];
  }
  const rows = (await db.usageRollup.groupBy({ by: by === "day" ? ["bucket"] : [by], where, _sum } as never)) as unknown as GroupRow[];
  return rows.map((r) => ({
    key: by === "day" ? (r.bucket as Date).toISOString().slice(0, 10) : by === "model" && r.model === "" ? null : (r[by] as string),
    totals: totalsFromSums(r._sum.requests ?? 0n, r._sum),
  }));
}

async function fromRawRange(db: Db, userId: string, f: UsageFilter, by: SumGroup, range: RawRange): Promise<KeyedTotals[]> {
  const where = { ...dimensions(userId, f), createdAt: { gte: range.gte, lt: range.lt } };
  if (by === null || by === "day") {
    const all = await db.usageEvent.aggregate({ where, _count: { _all: true }, _sum: USAGE_SUMS });
    return [{ key: by === "day" ? range.gte.toISOString().slice(0, 10) : null, totals: totalsFromSums(all._count._all, all._sum) }];
  }
  const rows = (await db.usageEvent.groupBy({
    by: [by],
    where,
    _count: { _all: true },
    _sum: USAGE_SUMS,
  } as never)) as unknown as GroupRow[];
  return rows.map((r) => ({ key: (r[by] as string | null) ?? null, totals: totalsFromSums(r._count?._all ?? 0, r._sum) }));
}

/** The sums per key (keys without any request left out); one entry with key null when `by` is null. */
export async function sumUsage(db: Db, userId: string, f: UsageFilter, by: SumGroup): Promise<KeyedTotals[]> {
  const parts = await Promise.all([
    fromRollups(db, userId, f, by),
    ...splitRange(f.since, f.until).raw.map((range) => fromRawRange(db, userId, f, by, range)),
  ]);
  const merged = new Map<string | null, UsageTotals>();
  for (const part of parts) for (const { key, totals } of part) merged.set(key, addTotals(merged.get(key) ?? ZERO_TOTALS, totals));
  if (by === null) return [{ key: null, totals: merged.get(null) ?? ZERO_TOTALS }];
  return [...merged].filter(([, t]) => t.requests > 0).map(([key, totals]) => ({ key, totals }));
}
