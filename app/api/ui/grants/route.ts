import { db } from "@/lib/foundation/db/client";
import { createManualGrant } from "@/lib/domain/grants/create-manual-grant";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

/** Connect an app by hand: the grant and, once, its token. Granting access is a dangerous action (step-up). */
export const POST = uiRoute(
  async ({ user, actor, body }) => {
    const { grant, token, baseUrl } = await createManualGrant(db(), actor, user.id, await body());
    return { grant, token, base_url: baseUrl };
  },
  { stepUp: true },
);
