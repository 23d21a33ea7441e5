/**
 * Usage summed by provider, model, app (grant) or UTC day, plus the grand total, in the database
 * (Prisma groupBy / SQL SUM over integer columns: no floating point anywhere near money).
 */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { usageByDay } from "@/lib/domain/usage/usage-by-day";
import { clientNamesOf } from "@/lib/domain/usage/usage-event-view";
import { usageFilters, usageWhere, type UsageFilter } from "@/lib/domain/usage/usage-filter";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import {
  toUsageTotalsView,
  totalsFromSums,
  usageTotalsView,
  USAGE_SUMS,
  ZERO_TOTALS,
  type UsageTotals,
} from "@/lib/domain/usage/usage-totals";

export const USAGE_GROUPS = ["provider", "model", "grant", "day"] as const;
type UsageGroup = (typeof USAGE_GROUPS)[number];

/** GET /api/v1/usage/aggregate: the filters and the required grouping. */
export const usageAggregateQuery = z
  .object({ ...usageFilters, by: z.enum(USAGE_GROUPS, { error: `by must be one of ${USAGE_GROUPS.join(", ")}` }) })
  .strict();

export const usageAggregateView = z.object({
  by: z.enum(USAGE_GROUPS),
  data: z.array(
    usageTotalsView.extend({
      key: z.string().nullable().describe("provider id, model, grant id or YYYY-MM-DD"),
      label: z.string().nullable(),
    }),
  ),
  totals: usageTotalsView,
});
type UsageAggregateView = z.infer<typeof usageAggregateView>;

export type UsageBucket = { key: string | null; label: string | null; totals: UsageTotals };

const COLUMN = { provider: "provider", model: "model", grant: "grantId" } as const;

type GroupRow = Partial<Record<"provider" | "model" | "grantId", string | null>> & {
  _count: { _all: number };
  _sum: Parameters<typeof totalsFromSums>[1];
};

/** The buckets, biggest cost first (days in calendar order). */
export async function usageBuckets(db: Db, userId: string, filter: UsageFilter, by: UsageGroup): Promise<UsageBucket[]> {
  if (by === "day") return (await usageByDay(db, userId, filter)).map((d) => ({ key: d.day, label: null, totals: d.totals }));
  const column = COLUMN[by];
  // one call for the three groupings; Prisma's types cannot follow a computed `by`
  const groups = (await db.usageEvent.groupBy({
    by: [column],
    where: usageWhere(userId, filter),
    _count: { _all: true },
    _sum: USAGE_SUMS,
    orderBy: [{ _sum: { costMicros: "desc" } }, { [column]: "asc" }],
  } as never)) as unknown as GroupRow[];
  const names =
    by === "grant"
      ? await clientNamesOf(
          db,
          userId,
          groups.map((g) => g[column]!),
        )
      : new Map<string, string>();
  return groups.map((g) => ({
    key: g[column] ?? null,
    label: by === "grant" ? (names.get(g[column]!) ?? null) : null,
    totals: totalsFromSums(g._count._all, g._sum),
  }));
}

export async function usageTotals(db: Db, userId: string, filter: UsageFilter): Promise<UsageTotals> {
  const all = await db.usageEvent.aggregate({ where: usageWhere(userId, filter), _count: { _all: true }, _sum: USAGE_SUMS });
  return all._count._all === 0 ? ZERO_TOTALS : totalsFromSums(all._count._all, all._sum);
}

/** `query` is the caller's query as received, checked with usageAggregateQuery. */
export async function aggregateUsage(db: Db, userId: string, query: unknown): Promise<UsageAggregateView> {
  const { by, ...filter } = parseInput(usageAggregateQuery, query);
  const [buckets, totals] = await Promise.all([usageBuckets(db, userId, filter, by), usageTotals(db, userId, filter)]);
  return {
    by,
    data: buckets.map((b) => ({ key: b.key, label: b.label, ...toUsageTotalsView(b.totals) })),
    totals: toUsageTotalsView(totals),
  };
}
