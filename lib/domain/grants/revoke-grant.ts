import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db, Tx } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { notifyGrantChanged } from "@/lib/domain/grants/notify-grant-changed";
import { enqueueWebhookEvent } from "@/lib/domain/webhooks/enqueue-webhook-event";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/webhook-worker";

/** Revokes a grant and its tokens inside tx; false when it was already revoked. */
export async function revokeGrantInTx(
  tx: Tx,
  actor: Actor,
  grant: { id: string; userId: string },
  reason: string,
  now: Date,
): Promise<boolean> {
  const changed = await tx.grant.updateMany({
    where: { id: grant.id, status: { not: "revoked" } },
    data: { status: "revoked", revokedAt: now },
  });
  if (changed.count === 0) return false;
  await tx.token.updateMany({ where: { grantId: grant.id, revokedAt: null }, data: { revokedAt: now } });
  await notifyGrantChanged(tx, grant.id);
  await recordAuditEvent(tx, actor, {
    userId: grant.userId,
    action: "grant.revoked",
    targetType: "grant",
    targetId: grant.id,
    metadata: { reason },
  });
  await enqueueWebhookEvent(tx, grant.userId, "grant.revoked", { grant_id: grant.id, reason }, { now });
  return true;
}

/** The owner (UI, CLI) revokes a grant: its token stops working. Revoking twice is a no-op. */
export async function revokeGrant(
  db: Db,
  actor: Actor,
  userId: string,
  grantId: string,
  now = new Date(),
): Promise<{ id: string; status: "revoked"; already: boolean }> {
  const grant = typeof grantId === "string" && grantId.length <= 64 ? await db.grant.findFirst({ where: { id: grantId, userId } }) : null;
  if (!grant) throw new VaultError("not_found", "No such grant.");
  const changed = await db.$transaction((tx) =>
    revokeGrantInTx(tx, actor, grant, actor.type === "cli" ? "revoked from the CLI" : "revoked by the owner", now),
  );
  if (changed) wakeWebhookWorker();
  return { id: grant.id, status: "revoked", already: !changed };
}
