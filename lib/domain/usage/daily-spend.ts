/** Cost and requests per UTC day over the last `days` days (today included), zero days filled in. */
import type { Db } from "@/lib/foundation/db/client";
import { usageByDay } from "@/lib/domain/usage/usage-by-day";
import type { UsageFilter } from "@/lib/domain/usage/usage-filter";

export type DaySpend = { day: string; costMicros: string; requests: number };

export async function dailySpend(
  db: Db,
  userId: string,
  days: number,
  now = new Date(),
  filter: Omit<UsageFilter, "since" | "until"> = {},
): Promise<DaySpend[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * 86_400_000);
  const rows = await usageByDay(db, userId, { ...filter, since, until: new Date(today + 86_400_000) });
  const byDay = new Map(rows.map((r) => [r.day, r.totals]));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const t = byDay.get(day);
    return { day, costMicros: String(t?.costMicros ?? 0n), requests: t?.requests ?? 0 };
  });
}
