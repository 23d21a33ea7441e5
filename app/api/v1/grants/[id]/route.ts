import { getGrantEndpoint, updateGrantEndpoint } from "@/lib/surfaces/management-api/endpoints/grants";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { findGrantOrThrow } from "@/lib/domain/grants/find-grant-or-throw";
import { updateGrant } from "@/lib/domain/grants/update-grant";

type Params = { id: string };

export const GET = managementRoute<Params>(getGrantEndpoint, async ({ caller, params }) =>
  findGrantOrThrow(db(), caller.user.id, params.id),
);

export const PATCH = managementRoute<Params>(updateGrantEndpoint, async ({ caller, actor, params, body }) =>
  updateGrant(db(), actor, caller.user.id, params.id, body),
);
