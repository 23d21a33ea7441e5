import type { Db } from "@/lib/foundation/db/client";
import { toWebhookView, type DeliveryView, type WebhookView } from "@/lib/domain/webhooks/schemas";

export type WebhookWithDeliveries = WebhookView & { deliveries: DeliveryView[] };

/** The user's webhooks with their most recent deliveries (the delivery log). */
export async function listWebhooks(db: Db, userId: string, deliveries = 20): Promise<WebhookWithDeliveries[]> {
  const rows = await db.webhook.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    include: { deliveries: { orderBy: { createdAt: "desc" }, take: deliveries } },
  });
  return rows.map((row) => ({
    ...toWebhookView(row),
    deliveries: row.deliveries.map((d) => ({
      id: d.id,
      event: d.event,
      status: d.status as DeliveryView["status"],
      attempts: d.attempts,
      response_status: d.responseStatus,
      last_error: d.lastError,
      next_attempt_at: d.status === "pending" ? (d.nextAttemptAt?.toISOString() ?? null) : null,
      created_at: d.createdAt.toISOString(),
      delivered_at: d.deliveredAt?.toISOString() ?? null,
    })),
  }));
}
