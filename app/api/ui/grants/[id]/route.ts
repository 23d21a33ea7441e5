import { db } from "@/lib/db/client";
import { grantPatchInput } from "@/lib/grants/grant-patch-input";
import { updateGrant } from "@/lib/grants/update-grant";
import { uiRoute } from "@/lib/http/ui-route";
import { parseInput } from "@/lib/validation/parse-input";

/** Body: {"status"?, "expires_at"?, "limits"? | "scopes"?: [{id, limits}]} (lib/grants/grant-patch-input.ts). */
export const PATCH = uiRoute<{ id: string }>(async ({ user, actor, params, body }) => updateGrant(db(), actor, user.id, params.id, parseInput(grantPatchInput, await body())));
