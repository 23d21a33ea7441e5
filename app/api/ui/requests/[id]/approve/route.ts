import { approveAccessRequest } from "@/lib/domain/access-requests/approve-access-request";
import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { wideGrantNeedsFreshProof } from "@/lib/surfaces/ui/step-up-gates";

type Params = { id: string };

/** Approves (tightened by the body); the browser then goes to /approve/<id>/continue. */
export const POST = uiRoute<Params>(async ({ user, actor, params, body, session }) => {
  const { grantId } = await approveAccessRequest(db(), actor, user.id, params.id, await body(), wideGrantNeedsFreshProof(session));
  return { grant_id: grantId, next: `/approve/${params.id}/continue` };
});
