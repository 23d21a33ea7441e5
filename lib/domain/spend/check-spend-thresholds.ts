/**
 * spend.threshold webhooks: when the committed spend of a grant entry crosses 50, 80 or 100 % of its
 * monthly or daily cap, exactly one event per threshold per window. "Exactly one" lives in the
 * database: a SpendAlert row keyed (scope, window, threshold) is inserted in the transaction that
 * queues the event, so a second round or a second instance hits the primary key and sends nothing.
 * Runs off the hot path (a periodic job, nudged after settlements); reads windows by primary key.
 */
import type { Db } from "@/lib/foundation/db/client";
import { isUniqueViolation } from "@/lib/foundation/db/errors";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { microsToDecimal } from "@/lib/foundation/money/micros";
import { parseSpendWindow, recentSpendWindows } from "@/lib/engines/ledger/windows";
import { enqueueWebhookEvent } from "@/lib/domain/webhooks/enqueue-webhook-event";

const SPEND_THRESHOLDS = [50, 80, 100] as const;

type Crossing = {
  userId: string;
  scopeId: string;
  window: string;
  threshold: number;
  committedMicros: bigint;
  capMicros: bigint;
  data: Record<string, unknown>;
};

async function findCrossings(db: Db, now: Date): Promise<Crossing[]> {
  const recent = recentSpendWindows(now.getTime());
  const scopes = await db.grantScope.findMany({
    where: {
      grant: { status: { not: "revoked" }, expiresAt: { gt: new Date(now.getTime() - 86_400_000) } },
      OR: [{ monthlyCapMicros: { gt: 0 } }, { dailyCapMicros: { gt: 0 } }],
    },
    select: {
      id: true,
      provider: true,
      monthlyCapMicros: true,
      dailyCapMicros: true,
      grant: { select: { id: true, userId: true, clientName: true } },
      windows: { where: { window: { in: recent }, committedMicros: { gt: 0 } } },
      alerts: { where: { window: { in: recent } }, select: { window: true, threshold: true } },
    },
  });
  const crossings: Crossing[] = [];
  for (const scope of scopes) {
    for (const w of scope.windows) {
      const parsed = parseSpendWindow(w.window);
      if (!parsed) continue;
      const cap = parsed.period === "month" ? scope.monthlyCapMicros : scope.dailyCapMicros;
      if (cap === null || cap <= 0n) continue;
      for (const threshold of SPEND_THRESHOLDS) {
        if (w.committedMicros * 100n < cap * BigInt(threshold)) continue;
        if (scope.alerts.some((a) => a.window === w.window && a.threshold === threshold)) continue;
        crossings.push({
          userId: scope.grant.userId,
          scopeId: scope.id,
          window: w.window,
          threshold,
          committedMicros: w.committedMicros,
          capMicros: cap,
          data: {
            grant_id: scope.grant.id,
            scope_id: scope.id,
            client_name: scope.grant.clientName,
            provider: scope.provider,
            period: parsed.period,
            window: parsed.label,
            threshold_percent: threshold,
            committed_usd: microsToDecimal(w.committedMicros),
            cap_usd: microsToDecimal(cap),
            committed_micros: String(w.committedMicros),
            cap_micros: String(cap),
          },
        });
      }
    }
  }
  return crossings;
}

/** Queues the events of thresholds crossed since the last round; returns how many were queued. */
export async function checkSpendThresholds(db: Db, now = new Date()): Promise<number> {
  let queued = 0;
  for (const c of await findCrossings(db, now)) {
    try {
      await withTransaction(db, async (tx) => {
        await tx.spendAlert.create({
          data: {
            scopeId: c.scopeId,
            window: c.window,
            threshold: c.threshold,
            committedMicros: c.committedMicros,
            capMicros: c.capMicros,
            createdAt: now,
          },
        });
        await enqueueWebhookEvent(tx, c.userId, "spend.threshold", c.data, { now });
      });
      queued++;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // another instance got there first
    }
  }
  return queued;
}
