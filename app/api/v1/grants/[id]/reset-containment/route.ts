import { resetContainmentOperation } from "@/lib/surfaces/management-api/operations/grants";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { resetContainment } from "@/lib/domain/grants/reset-containment";

export const POST = managementRoute<{ id: string }>(resetContainmentOperation, async ({ caller, actor, params }) =>
  resetContainment(db(), actor, caller.user.id, params.id),
);
