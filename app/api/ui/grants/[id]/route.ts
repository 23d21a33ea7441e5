import { db } from "@/lib/foundation/db/client";
import { grantPatchInput } from "@/lib/domain/grants/grant-patch-input";
import { updateGrant } from "@/lib/domain/grants/update-grant";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { parseInput } from "@/lib/foundation/validation/parse-input";

/** Body: {"status"?, "expires_at"?, "limits"? | "scopes"?: [{id, limits}]} (lib/domain/grants/grant-patch-input.ts). */
export const PATCH = uiRoute<{ id: string }>(async ({ user, actor, params, body }) =>
  updateGrant(db(), actor, user.id, params.id, parseInput(grantPatchInput, await body())),
);
