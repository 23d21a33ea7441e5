/**
 * The grant entries closest to a cap right now (monthly or daily, committed + held against the cap),
 * for the overview. Live grants only; integer percent math on µ$.
 */
import type { Db } from "@/lib/foundation/db/client";
import { percentUsed, scopeSpend } from "@/lib/domain/grants/scope-spend";

export type NearCap = {
  grantId: string;
  clientName: string;
  provider: string;
  period: "month" | "day";
  percent: number;
  usedMicros: string;
  capMicros: string;
};

export async function grantsNearCap(db: Db, userId: string, limit: number, now = new Date()): Promise<NearCap[]> {
  const scopes = await db.grantScope.findMany({
    where: { grant: { userId, status: { not: "revoked" }, expiresAt: { gt: now } } },
    select: { id: true, provider: true, monthlyCapMicros: true, dailyCapMicros: true, grant: { select: { id: true, clientName: true } } },
  });
  const spend = await scopeSpend(db, scopes, now);
  const rows: NearCap[] = [];
  for (const s of scopes) {
    const used = spend.get(s.id)!;
    for (const [period, w] of [
      ["month", used.month],
      ["day", used.day],
    ] as const) {
      if (w.capMicros === null) continue;
      rows.push({
        grantId: s.grant.id,
        clientName: s.grant.clientName,
        provider: s.provider,
        period,
        percent: percentUsed(w),
        usedMicros: String(w.committedMicros + w.heldMicros),
        capMicros: String(w.capMicros),
      });
    }
  }
  return rows.sort((a, b) => b.percent - a.percent || a.clientName.localeCompare(b.clientName)).slice(0, limit);
}
