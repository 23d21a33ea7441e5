/** Usage per UTC day, in calendar order, from the rollups (lib/domain/usage/sum-usage.ts). */
import type { Db } from "@/lib/foundation/db/client";
import { sumUsage } from "@/lib/domain/usage/sum-usage";
import type { UsageTotals } from "@/lib/domain/usage/usage-totals";
import type { UsageFilter } from "@/lib/domain/usage/usage-filter";

export async function usageByDay(db: Db, userId: string, f: UsageFilter): Promise<{ day: string; totals: UsageTotals }[]> {
  const days = await sumUsage(db, userId, f, "day");
  return days.map((d) => ({ day: d.key!, totals: d.totals })).sort((a, b) => (a.day < b.day ? -1 : 1));
}
