import { denyAccessRequest } from "@/lib/domain/access-requests/deny-access-request";
import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

type Params = { id: string };

export const POST = uiRoute<Params>(async ({ user, actor, params, body }) => {
  await denyAccessRequest(db(), actor, user.id, params.id, await body());
  return { next: `/approve/${params.id}/continue` };
});
