import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { enabledInput } from "@/lib/foundation/validation/enabled-input";
import { parseInput } from "@/lib/foundation/validation/parse-input";

/** Switches a webhook on or off ({"enabled": true|false}); audited when it changes. */
export async function setWebhookEnabled(db: Db, actor: Actor, userId: string, id: string, input: unknown): Promise<void> {
  const { enabled } = parseInput(enabledInput, input);
  await db.$transaction(async (tx) => {
    const hook = await tx.webhook.findFirst({ where: { id, userId } });
    if (!hook) throw new VaultError("not_found", "No such webhook.");
    if (hook.enabled === enabled) return;
    await tx.webhook.update({ where: { id }, data: { enabled } });
    await recordAuditEvent(tx, actor, {
      userId,
      action: enabled ? "webhook.enabled" : "webhook.disabled",
      targetType: "webhook",
      targetId: id,
      metadata: { url: hook.url },
    });
  });
}
