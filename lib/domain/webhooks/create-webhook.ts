import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { newId } from "@/lib/foundation/crypto/random";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { createWebhookInput, toWebhookView, type WebhookView } from "@/lib/domain/webhooks/schemas";
import { newWebhookSecret, sealWebhookSecret } from "@/lib/domain/webhooks/webhook-secret";

/** Adds a webhook; its signing secret is returned here once. */
export async function createWebhook(db: Db, actor: Actor, userId: string, input: unknown): Promise<{ view: WebhookView; secret: string }> {
  const { url, events } = parseInput(createWebhookInput, input);
  const id = newId("wh");
  const secret = newWebhookSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: {
        id,
        userId,
        url,
        events: JSON.stringify([...new Set(events)]),
        secretCiphertext: sealWebhookSecret(vaultKeys(), id, secret),
        secretLast4: secret.slice(-4),
      },
    });
    await recordAuditEvent(tx, actor, {
      userId,
      action: "webhook.created",
      targetType: "webhook",
      targetId: id,
      metadata: { url, events },
    });
    return created;
  });
  return { view: toWebhookView(row), secret };
}
