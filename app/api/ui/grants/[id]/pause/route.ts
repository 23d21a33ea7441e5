import { db } from "@/lib/foundation/db/client";
import { pauseGrant } from "@/lib/domain/grants/pause-grant";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

export const POST = uiRoute<{ id: string }>(async ({ user, actor, params }) => pauseGrant(db(), actor, user.id, params.id));
