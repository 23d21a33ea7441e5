import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { enabledInput } from "@/lib/foundation/validation/enabled-input";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { toPolicyView, type PolicyView } from "@/lib/domain/grants/auto-approve-policy-views";

/** Pauses (enabled: false) or resumes an auto-approve rule without losing it; audited. Grants it made stay. */
export async function setAutoApprovePolicyEnabled(db: Db, actor: Actor, userId: string, id: string, input: unknown): Promise<PolicyView> {
  const { enabled } = parseInput(enabledInput, input);
  const row = await db.$transaction(async (tx) => {
    const changed = await tx.autoApprovePolicy.updateMany({ where: { id, userId }, data: { enabled } });
    if (changed.count === 0) throw new VaultError("not_found", "No such policy.");
    await recordAuditEvent(tx, actor, {
      userId,
      action: enabled ? "auto_approve_policy.resumed" : "auto_approve_policy.paused",
      targetType: "auto_approve_policy",
      targetId: id,
    });
    return tx.autoApprovePolicy.findUniqueOrThrow({ where: { id } });
  });
  return toPolicyView(row);
}
