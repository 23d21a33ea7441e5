/**
 * Tells the owner that a grant entry was contained (a request cost more than its reservation; see
 * docs/proxy.md): one audit event `grant.contained`, one `grant.contained` webhook and one log line
 * per containment. The ledger marks the entry in the settlement's transaction; this job (cockpit
 * jobs, any instance) compare-and-sets `containedNoticeId` in the transaction that writes the audit
 * event and queues the webhook, so each containment is told exactly once.
 */
import type { Db } from "@/lib/foundation/db/client";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { log } from "@/lib/foundation/log";
import { microsToDecimal } from "@/lib/foundation/money/micros";
import { recordAuditEvent } from "@/lib/domain/audit/record-audit-event";
import { enqueueWebhookEvent } from "@/lib/domain/webhooks/enqueue-webhook-event";

/** Queues the notices of containments not told yet; returns how many webhook deliveries were queued. */
export async function notifyContainments(db: Db, now = new Date()): Promise<number> {
  const untold = await db.grantScope.findMany({
    where: { containedHoldId: { not: null } },
    select: {
      id: true,
      provider: true,
      containedHoldId: true,
      containedNoticeId: true,
      containedWindow: true,
      grant: { select: { id: true, userId: true, clientName: true } },
    },
  });
  let queued = 0;
  for (const scope of untold) {
    const holdId = scope.containedHoldId!;
    if (scope.containedNoticeId === holdId) continue;
    const hold = await db.hold.findUnique({ where: { id: holdId }, select: { amountMicros: true, settledMicros: true } });
    const event = await db.usageEvent.findUnique({ where: { id: holdId }, select: { model: true } });
    const data = {
      grant_id: scope.grant.id,
      scope_id: scope.id,
      client_name: scope.grant.clientName,
      provider: scope.provider,
      model: event?.model ?? null,
      request_id: holdId,
      reserved_usd: microsToDecimal(hold?.amountMicros ?? 0n),
      charged_usd: microsToDecimal(hold?.settledMicros ?? 0n),
      window: scope.containedWindow,
    };
    queued += await withTransaction(db, async (tx) => {
      const claimed = await tx.grantScope.updateMany({
        where: { id: scope.id, containedHoldId: holdId, OR: [{ containedNoticeId: null }, { containedNoticeId: { not: holdId } }] },
        data: { containedNoticeId: holdId },
      });
      if (claimed.count !== 1) return 0; // another instance told it, or the owner reset it meanwhile
      await recordAuditEvent(
        tx,
        { type: "system" },
        {
          userId: scope.grant.userId,
          action: "grant.contained",
          targetType: "grant",
          targetId: scope.grant.id,
          metadata: {
            scope_id: scope.id,
            provider: scope.provider,
            request_id: holdId,
            reserved_usd: data.reserved_usd,
            charged_usd: data.charged_usd,
          },
        },
      );
      return enqueueWebhookEvent(tx, scope.grant.userId, "grant.contained", data, { now });
    });
    log.warn("grant entry contained: a request cost more than its reservation; it admits one request at a time until reset", {
      grant_id: scope.grant.id,
      scope_id: scope.id,
      request_id: holdId,
    });
  }
  return queued;
}
