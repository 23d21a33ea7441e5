import { db } from "@/lib/db/client";
import { deleteAutoApprovePolicy } from "@/lib/grants/delete-auto-approve-policy";
import { uiRoute } from "@/lib/http/ui-route";

export const DELETE = uiRoute<{ id: string }>(async ({ user, actor, params }) => {
  await deleteAutoApprovePolicy(db(), actor, user.id, params.id);
  return null;
});
