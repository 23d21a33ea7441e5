import { z } from "zod";
import { UpstreamUrlError, validateUpstreamUrl } from "@/lib/foundation/http/validate-upstream-url";

/** Events an owner can subscribe to (OKAP's "usage webhooks" extension). */
export const WEBHOOK_EVENTS = [
  "spend.threshold",
  "request.pending",
  "grant.created",
  "grant.revoked",
  "grant.expired",
  "grant.contained",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | "webhook.test";

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** https, or http to this machine (local receivers); never a link-local/metadata address. */
export const webhookUrlSchema = z.string({ error: "url must be a string" }).transform((value, ctx) => {
  try {
    const url = validateUpstreamUrl(value);
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && !LOOPBACK.test(parsed.hostname)) {
      ctx.addIssue({ code: "custom", message: "url must use https (http is allowed only for localhost)" });
      return z.NEVER;
    }
    return url;
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `url ${error instanceof UpstreamUrlError ? error.message : "is not valid"}` });
    return z.NEVER;
  }
});

export const createWebhookInput = z
  .object({
    url: webhookUrlSchema,
    events: z
      .array(z.enum(WEBHOOK_EVENTS, { error: `events must be among ${WEBHOOK_EVENTS.join(", ")}` }))
      .min(1, "choose at least one event")
      .max(WEBHOOK_EVENTS.length),
  })
  .strict();

export const webhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  secret_last4: z.string(),
  created_at: z.string(),
});
export type WebhookView = z.infer<typeof webhookView>;

export const deliveryView = z.object({
  id: z.string(),
  event: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  response_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof deliveryView>;

export function toWebhookView(row: {
  id: string;
  url: string;
  events: string;
  enabled: boolean;
  secretLast4: string;
  createdAt: Date;
}): WebhookView {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    enabled: row.enabled,
    secret_last4: row.secretLast4,
    created_at: row.createdAt.toISOString(),
  };
}
