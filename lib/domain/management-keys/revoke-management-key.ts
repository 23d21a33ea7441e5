import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { toManagementKeyView, type ManagementKeyView } from "@/lib/domain/management-keys/schemas";

/** Revokes a management key; revoking it again changes nothing (idempotent) and records nothing. */
export async function revokeManagementKey(db: Db, actor: Actor, userId: string, id: string): Promise<ManagementKeyView> {
  return db.$transaction(async (tx) => {
    const row = await tx.managementKey.findFirst({ where: { id, userId } });
    if (!row) throw new VaultError("not_found", "No such management key.");
    if (row.revokedAt) return toManagementKeyView(row);
    const revoked = await tx.managementKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, actor, {
      userId,
      action: "management_key.revoked",
      targetType: "management_key",
      targetId: id,
      metadata: { name: row.name },
    });
    return toManagementKeyView(revoked);
  });
}
