import { denyAccessRequest } from "@/lib/access-requests/deny-access-request";
import { db } from "@/lib/db/client";
import { uiRoute } from "@/lib/http/ui-route";

type Params = { id: string };

export const POST = uiRoute<Params>(async ({ user, actor, params, body }) => {
  await denyAccessRequest(db(), actor, user.id, params.id, await body());
  return { next: `/approve/${params.id}/continue` };
});
