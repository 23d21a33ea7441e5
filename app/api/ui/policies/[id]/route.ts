import { db } from "@/lib/foundation/db/client";
import { deleteAutoApprovePolicy } from "@/lib/domain/grants/delete-auto-approve-policy";
import { setAutoApprovePolicyEnabled } from "@/lib/domain/grants/set-auto-approve-policy-enabled";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

/** Body: {"enabled": false} pauses the rule, {"enabled": true} resumes it. */
export const PATCH = uiRoute<{ id: string }>(async ({ user, actor, params, body }) =>
  setAutoApprovePolicyEnabled(db(), actor, user.id, params.id, await body()),
);

export const DELETE = uiRoute<{ id: string }>(async ({ user, actor, params }) => {
  await deleteAutoApprovePolicy(db(), actor, user.id, params.id);
  return null;
});
