import { getGrantEndpoint, updateGrantEndpoint } from "@/lib/api/endpoints/grants";
import { managementRoute } from "@/lib/api/management-route";
import { db } from "@/lib/db/client";
import { findGrantOrThrow } from "@/lib/grants/find-grant-or-throw";
import { updateGrant } from "@/lib/grants/update-grant";

export const GET = managementRoute(getGrantEndpoint, async ({ caller, params }) => findGrantOrThrow(db(), caller.userId, params.id!));

export const PATCH = managementRoute(updateGrantEndpoint, async ({ caller, actor, params, body }) => updateGrant(db(), actor, caller.userId, params.id!, body));
