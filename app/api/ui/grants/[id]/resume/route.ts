import { db } from "@/lib/foundation/db/client";
import { resumeGrant } from "@/lib/domain/grants/resume-grant";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

export const POST = uiRoute<{ id: string }>(async ({ user, actor, params }) => resumeGrant(db(), actor, user.id, params.id));
