/**
 * Reports grants that passed their expiry: one `grant.expired` audit row and webhook event per
 * expiry, however many vault instances run this. Each grant is claimed with a compare-and-set on
 * expiryNotifiedAt inside the transaction that writes the audit row and queues the event, so a
 * second instance (or a second round) finds nothing to claim. The proxy already refuses expired
 * tokens on its own; this is the notification.
 */
import { recordAuditEvent } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { isoSeconds } from "@/lib/engines/okap/render-outcome";
import { enqueueWebhookEvent } from "@/lib/domain/webhooks/enqueue-webhook-event";

const BATCH = 100;

export async function notifyExpiredGrants(db: Db, now = new Date()): Promise<number> {
  const due = await db.grant.findMany({
    where: { status: { not: "revoked" }, expiresAt: { lte: now }, expiryNotifiedAt: null },
    select: { id: true, userId: true, clientName: true, expiresAt: true, scopes: { select: { provider: true } } },
    orderBy: { expiresAt: "asc" },
    take: BATCH,
  });
  let notified = 0;
  for (const grant of due) {
    const claimed = await withTransaction(db, async (tx) => {
      const won = await tx.grant.updateMany({
        where: { id: grant.id, expiryNotifiedAt: null, status: { not: "revoked" }, expiresAt: { lte: now } },
        data: { expiryNotifiedAt: now },
      });
      if (won.count === 0) return false;
      const data = {
        grant_id: grant.id,
        client_name: grant.clientName,
        providers: [...new Set(grant.scopes.map((s) => s.provider))],
        expired_at: isoSeconds(grant.expiresAt),
      };
      await recordAuditEvent(
        tx,
        { type: "system" },
        { userId: grant.userId, action: "grant.expired", targetType: "grant", targetId: grant.id, metadata: data },
      );
      await enqueueWebhookEvent(tx, grant.userId, "grant.expired", data, { now });
      return true;
    });
    if (claimed) notified++;
  }
  return notified;
}
