import { db } from "@/lib/db/client";
import { resumeGrant } from "@/lib/grants/resume-grant";
import { uiRoute } from "@/lib/http/ui-route";

export const POST = uiRoute<{ id: string }>(async ({ user, actor, params }) => resumeGrant(db(), actor, user.id, params.id));
