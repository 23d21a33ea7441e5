import { db } from "@/lib/db/client";
import { pauseGrant } from "@/lib/grants/pause-grant";
import { uiRoute } from "@/lib/http/ui-route";

export const POST = uiRoute<{ id: string }>(async ({ user, actor, params }) => pauseGrant(db(), actor, user.id, params.id));
