import { db } from "@/lib/foundation/db/client";
import { resetContainment } from "@/lib/domain/grants/reset-containment";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

export const POST = uiRoute<{ id: string }>(async ({ user, actor, params }) => resetContainment(db(), actor, user.id, params.id));
