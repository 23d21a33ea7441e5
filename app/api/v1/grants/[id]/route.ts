import { getGrantOperation, updateGrantOperation } from "@/lib/surfaces/management-api/operations/grants";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { findGrantOrThrow } from "@/lib/domain/grants/find-grant-or-throw";
import { updateGrant } from "@/lib/domain/grants/update-grant";

type Params = { id: string };

export const GET = managementRoute<Params>(getGrantOperation, async ({ caller, params }) =>
  findGrantOrThrow(db(), caller.user.id, params.id),
);

export const PATCH = managementRoute<Params>(updateGrantOperation, async ({ caller, actor, params, body }) =>
  updateGrant(db(), actor, caller.user.id, params.id, body),
);
