import { db } from "@/lib/foundation/db/client";
import { updateGrant } from "@/lib/domain/grants/update-grant";
import { wideningNeedsFreshProof } from "@/lib/surfaces/ui/step-up-gates";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

/** Body: {"status"?, "expires_at"?, "limits"? | "scopes"?: [{id, limits}]} (lib/domain/grants/grant-patch-input.ts). */
export const PATCH = uiRoute<{ id: string }>(async ({ user, actor, session, params, body }) =>
  updateGrant(db(), actor, user.id, params.id, await body(), { onWidening: wideningNeedsFreshProof(session) }),
);
