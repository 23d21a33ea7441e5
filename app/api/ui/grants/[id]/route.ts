import { db } from "@/lib/foundation/db/client";
import { updateGrant } from "@/lib/domain/grants/update-grant";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

/** Body: {"status"?, "expires_at"?, "limits"? | "scopes"?: [{id, limits}]} (lib/domain/grants/grant-patch-input.ts). */
export const PATCH = uiRoute<{ id: string }>(async ({ user, actor, params, body }) =>
  updateGrant(db(), actor, user.id, params.id, await body()),
);
