/**
 * Usage summed by provider, model, app (grant) or UTC day, plus the grand total, in the database
 * from the rollups (lib/domain/usage/sum-usage.ts; integer sums: no floating point anywhere near money).
 */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { usageByDay } from "@/lib/domain/usage/usage-by-day";
import { clientNamesOf } from "@/lib/domain/usage/usage-event-view";
import { usageFilters, type UsageFilter } from "@/lib/domain/usage/usage-filter";
import { sumUsage, type KeyedTotals } from "@/lib/domain/usage/sum-usage";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { toUsageTotalsView, usageTotalsView, type UsageTotals } from "@/lib/domain/usage/usage-totals";

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

const byCostThenKey = (a: KeyedTotals, b: KeyedTotals) =>
  a.totals.costMicros === b.totals.costMicros
    ? (a.key ?? "\uffff") < (b.key ?? "\uffff")
      ? -1
      : 1
    : a.totals.costMicros > b.totals.costMicros
      ? -1
      : 1;

/** The buckets, biggest cost first (days in calendar order), read from the rollups. */
export async function usageBuckets(db: Db, userId: string, filter: UsageFilter, by: UsageGroup): Promise<UsageBucket[]> {
  if (by === "day") return (await usageByDay(db, userId, filter)).map((d) => ({ key: d.day, label: null, totals: d.totals }));
  const groups = (await sumUsage(db, userId, filter, COLUMN[by])).sort(byCostThenKey);
  const names =
    by === "grant"
      ? await clientNamesOf(
          db,
          userId,
          groups.map((g) => g.key!),
        )
      : new Map<string, string>();
  return groups.map((g) => ({ key: g.key, label: by === "grant" ? (names.get(g.key!) ?? null) : null, totals: g.totals }));
}

export async function usageTotals(db: Db, userId: string, filter: UsageFilter): Promise<UsageTotals> {
  return (await sumUsage(db, userId, filter, null))[0]!.totals;
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
