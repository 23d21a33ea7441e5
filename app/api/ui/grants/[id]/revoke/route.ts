import { db } from "@/lib/foundation/db/client";
import { revokeGrant } from "@/lib/domain/grants/revoke-grant";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

/** Revokes a grant (instant; revoking again is a no-op). */
export const POST = uiRoute<{ id: string }>(async ({ user, actor, params }) => revokeGrant(db(), actor, user.id, params.id));
