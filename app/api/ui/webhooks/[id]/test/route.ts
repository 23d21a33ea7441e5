import { db } from "@/lib/db/client";
import { uiRoute } from "@/lib/http/ui-route";
import { sendTestWebhook } from "@/lib/webhooks/send-test-webhook";

export const POST = uiRoute<{ id: string }>(async ({ user, params }) => {
  await sendTestWebhook(db(), user.id, params.id);
  return { queued: true };
}, { status: 202 });
