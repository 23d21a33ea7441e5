import { getGrantOperation, updateGrantOperation } from "@/lib/surfaces/management-api/operations/grants";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { findGrantOrThrow } from "@/lib/domain/grants/find-grant-or-throw";
import { updateGrant } from "@/lib/domain/grants/update-grant";

export const GET = managementRoute(getGrantOperation, async ({ caller, params }) => findGrantOrThrow(db(), caller.userId, params.id!));

export const PATCH = managementRoute(updateGrantOperation, async ({ caller, actor, params, body }) =>
  updateGrant(db(), actor, caller.userId, params.id!, body),
);
