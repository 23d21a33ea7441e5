/**
 * Delivers due webhook events. Each delivery is claimed with a lease (compare-and-set), so several
 * vault instances can run this loop against one database without sending an event twice at once.
 * Failures are retried on a backoff schedule, then marked failed; every attempt is in the log.
 */
import type { KeyRing } from "@/lib/foundation/crypto/key-ring";
import type { Db } from "@/lib/foundation/db/client";
import { openWebhookSecret } from "@/lib/domain/webhooks/webhook-secret";
import { sendWebhook } from "@/lib/domain/webhooks/send-webhook";

const LEASE_MS = 60_000;

export type DeliveryRound = {
  now?: Date;
  batch?: number;
  /** Aborted: the delivery in flight is finished and recorded, no further one is claimed (shutdown). */
  signal?: AbortSignal;
};

export async function runWebhookDeliveries(db: Db, ring: KeyRing, retrySeconds: number[], round: DeliveryRound = {}): Promise<number> {
  const { now = new Date(), batch = 10, signal } = round;
  const due = await db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: "asc" },
    take: batch,
    include: { webhook: true },
  });
  let sent = 0;
  for (const delivery of due) {
    if (signal?.aborted) break;
    const claimed = await db.webhookDelivery.updateMany({
      where: { id: delivery.id, status: "pending", leaseUntil: delivery.leaseUntil },
      data: { leaseUntil: new Date(now.getTime() + LEASE_MS) },
    });
    if (claimed.count !== 1) continue; // another instance has it
    const attempts = delivery.attempts + 1;
    if (!delivery.webhook.enabled) {
      await db.webhookDelivery.update({
        where: { id: delivery.id },
        data: { status: "failed", lastError: "the webhook is disabled", leaseUntil: null },
      });
      continue;
    }
    const secret = openWebhookSecret(ring, delivery.webhookId, delivery.webhook.secretCiphertext);
    const result = await sendWebhook(delivery.webhook.url, secret, delivery.payload, delivery.id, now);
    sent++;
    if (result.ok) {
      await db.webhookDelivery.update({
        where: { id: delivery.id },
        data: { status: "delivered", attempts, responseStatus: result.status, lastError: null, deliveredAt: new Date(), leaseUntil: null },
      });
      continue;
    }
    const delay = retrySeconds[attempts - 1];
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        attempts,
        responseStatus: result.status,
        lastError: result.error,
        leaseUntil: null,
        ...(delay === undefined ? { status: "failed" } : { nextAttemptAt: new Date(Date.now() + delay * 1000) }),
      },
    });
  }
  return sent;
}
