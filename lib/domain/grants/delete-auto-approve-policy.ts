import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";

/** Removes an auto-approve rule; grants it already made stay (revoke those separately). */
export async function deleteAutoApprovePolicy(db: Db, actor: Actor, userId: string, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const removed = await tx.autoApprovePolicy.deleteMany({ where: { id, userId } });
    if (removed.count === 0) throw new VaultError("not_found", "No such policy.");
    await recordAuditEvent(tx, actor, { userId, action: "auto_approve_policy.deleted", targetType: "auto_approve_policy", targetId: id });
  });
}
