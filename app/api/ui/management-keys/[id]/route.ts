import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { revokeManagementKey } from "@/lib/domain/management-keys/revoke-management-key";

export const DELETE = uiRoute<{ id: string }>(async ({ user, actor, params }) => revokeManagementKey(db(), actor, user.id, params.id));
