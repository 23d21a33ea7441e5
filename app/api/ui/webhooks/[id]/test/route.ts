import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { sendTestWebhook } from "@/lib/domain/webhooks/send-test-webhook";

export const POST = uiRoute<{ id: string }>(
  async ({ user, params }) => {
    await sendTestWebhook(db(), user.id, params.id);
    return { queued: true };
  },
  { status: 202 },
);
