import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { createWebhook } from "@/lib/domain/webhooks/create-webhook";
import { listWebhooks } from "@/lib/domain/webhooks/list-webhooks";

export const GET = uiRoute(async ({ user }) => ({ data: await listWebhooks(db(), user.id) }));

/** Answers the signing secret once: {"secret": "whsec_...", ...metadata}. */
export const POST = uiRoute(
  async ({ user, actor, body }) => {
    const { view, secret } = await createWebhook(db(), actor, user.id, await body());
    return { ...view, secret };
  },
  { status: 201 },
);
