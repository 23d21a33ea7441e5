import { db } from "@/lib/db/client";
import { VaultError } from "@/lib/errors/vault-error";
import { uiRoute } from "@/lib/http/ui-route";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { setWebhookEnabled } from "@/lib/webhooks/set-webhook-enabled";

type Params = { id: string };

/** Body: {"enabled": true|false}. */
export const PATCH = uiRoute<Params>(async ({ user, actor, params, body }) => {
  const input = (await body()) as Record<string, unknown> | null;
  if (!input || typeof input !== "object" || Object.keys(input).some((k) => k !== "enabled")) {
    throw new VaultError("invalid_request", 'Send {"enabled": true} or {"enabled": false}.');
  }
  await setWebhookEnabled(db(), actor, user.id, params.id, input.enabled);
  return null;
});

export const DELETE = uiRoute<Params>(async ({ user, actor, params }) => {
  await deleteWebhook(db(), actor, user.id, params.id);
  return null;
});
