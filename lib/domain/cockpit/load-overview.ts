/**
 * Everything the overview page shows, for one user: spend today and this month (total, by provider,
 * by model, by app), the last 30 days, the entries closest to their caps, recent proxied requests and
 * requests waiting for a decision. All sums come from the database.
 */
import { listAccessRequests, type AccessRequestView } from "@/lib/domain/access-requests/list-access-requests";
import type { Db } from "@/lib/foundation/db/client";
import { grantsNearCap, type NearCap } from "@/lib/domain/grants/grants-near-cap";
import { usageBuckets, usageTotals, type UsageBucket } from "@/lib/domain/usage/aggregate-usage";
import { dailySpend, type DaySpend } from "@/lib/domain/usage/daily-spend";
import { listUsagePage } from "@/lib/domain/usage/list-usage-page";
import type { UsageEventView } from "@/lib/domain/usage/usage-event-view";
import type { UsageTotals } from "@/lib/domain/usage/usage-totals";

export type PeriodSpend = { totals: UsageTotals; byProvider: UsageBucket[]; byModel: UsageBucket[]; byApp: UsageBucket[] };

export type Overview = {
  keyCount: number;
  grantCount: number;
  today: PeriodSpend;
  month: PeriodSpend;
  days: DaySpend[];
  nearCap: NearCap[];
  recent: UsageEventView[];
  pending: AccessRequestView[];
};

async function periodSpend(db: Db, userId: string, since: Date): Promise<PeriodSpend> {
  const filter = { since };
  const [totals, byProvider, byModel, byApp] = await Promise.all([
    usageTotals(db, userId, filter),
    usageBuckets(db, userId, filter, "provider"),
    usageBuckets(db, userId, filter, "model"),
    usageBuckets(db, userId, filter, "grant"),
  ]);
  return { totals, byProvider, byModel, byApp };
}

export async function loadOverview(db: Db, userId: string, now = new Date()): Promise<Overview> {
  const startOfDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const startOfMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [keyCount, grantCount, today, month, days, nearCap, recent, pending] = await Promise.all([
    db.providerKey.count({ where: { userId, deletedAt: null } }),
    db.grant.count({ where: { userId } }),
    periodSpend(db, userId, startOfDay),
    periodSpend(db, userId, startOfMonth),
    dailySpend(db, userId, 30, now),
    grantsNearCap(db, userId, 5, now),
    listUsagePage(db, userId, {}, { page: 1, limit: 8 }),
    listAccessRequests(db, userId, { status: "pending", limit: 5 }, now),
  ]);
  return { keyCount, grantCount, today, month, days, nearCap, recent: recent.data, pending };
}
