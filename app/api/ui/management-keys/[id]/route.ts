import { db } from "@/lib/db/client";
import { uiRoute } from "@/lib/http/ui-route";
import { revokeManagementKey } from "@/lib/management-keys/revoke-management-key";

export const DELETE = uiRoute<{ id: string }>(async ({ user, actor, params }) => revokeManagementKey(db(), actor, user.id, params.id));
