import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";

export async function deleteWebhook(db: Db, actor: Actor, userId: string, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.webhook.findFirst({ where: { id, userId } });
    if (!row) throw new VaultError("not_found", "No such webhook.");
    await tx.webhook.delete({ where: { id } });
    await recordAuditEvent(tx, actor, {
      userId,
      action: "webhook.deleted",
      targetType: "webhook",
      targetId: id,
      metadata: { url: row.url },
    });
  });
}
