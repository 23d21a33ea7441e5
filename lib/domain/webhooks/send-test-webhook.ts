import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { enqueueWebhookEvent } from "@/lib/domain/webhooks/enqueue-webhook-event";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/webhook-worker";

/** Queues a signed `webhook.test` event for one webhook and delivers it right away. */
export async function sendTestWebhook(db: Db, userId: string, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const hook = await tx.webhook.findFirst({ where: { id, userId } });
    if (!hook) throw new VaultError("not_found", "No such webhook.");
    if (!hook.enabled) throw new VaultError("conflict", "Enable the webhook before sending a test.");
    await enqueueWebhookEvent(tx, userId, "webhook.test", { message: "A test event from your okap-vault." }, { webhookId: id });
  });
  wakeWebhookWorker();
}
