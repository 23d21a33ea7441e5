/**
 * The webhook outbox: call it inside the transaction of the change it reports, so an event is queued
 * exactly when the change commits. Delivery happens later, on any instance (run-webhook-deliveries).
 */
import type { Tx } from "@/lib/foundation/db/client";
import { newId } from "@/lib/foundation/crypto/random";
import type { WebhookEvent } from "@/lib/domain/webhooks/schemas";

export async function enqueueWebhookEvent(
  tx: Tx,
  userId: string,
  type: WebhookEvent,
  data: Record<string, unknown>,
  options: { webhookId?: string; now?: Date } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const hooks = await tx.webhook.findMany({ where: { userId, enabled: true, ...(options.webhookId ? { id: options.webhookId } : {}) } });
  const targets = hooks.filter((h) => type === "webhook.test" || (JSON.parse(h.events) as string[]).includes(type));
  if (targets.length === 0) return 0;
  const payload = JSON.stringify({ id: newId("evt"), type, created_at: now.toISOString(), data }, (_k, v) =>
    typeof v === "bigint" ? v.toString() : v,
  );
  for (const hook of targets) {
    await tx.webhookDelivery.create({ data: { id: newId("whd"), webhookId: hook.id, event: type, payload, nextAttemptAt: now } });
  }
  return targets.length;
}
