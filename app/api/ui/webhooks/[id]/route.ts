import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { deleteWebhook } from "@/lib/domain/webhooks/delete-webhook";
import { setWebhookEnabled } from "@/lib/domain/webhooks/set-webhook-enabled";

type Params = { id: string };

/** Body: {"enabled": true|false}. */
export const PATCH = uiRoute<Params>(async ({ user, actor, params, body }) => {
  await setWebhookEnabled(db(), actor, user.id, params.id, await body());
  return null;
});

export const DELETE = uiRoute<Params>(async ({ user, actor, params }) => {
  await deleteWebhook(db(), actor, user.id, params.id);
  return null;
});
