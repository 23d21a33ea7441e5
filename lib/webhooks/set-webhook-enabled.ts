import { recordAuditEvent, type Actor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { VaultError } from "@/lib/errors/vault-error";

export async function setWebhookEnabled(db: Db, actor: Actor, userId: string, id: string, enabled: unknown): Promise<void> {
  if (typeof enabled !== "boolean") throw new VaultError("invalid_request", "enabled must be true or false", { field: "enabled" });
  await db.$transaction(async (tx) => {
    const hook = await tx.webhook.findFirst({ where: { id, userId } });
    if (!hook) throw new VaultError("not_found", "No such webhook.");
    if (hook.enabled === enabled) return;
    await tx.webhook.update({ where: { id }, data: { enabled } });
    await recordAuditEvent(tx, actor, { userId, action: enabled ? "webhook.enabled" : "webhook.disabled", targetType: "webhook", targetId: id, metadata: { url: hook.url } });
  });
}
