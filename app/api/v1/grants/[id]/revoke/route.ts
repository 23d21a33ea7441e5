import { revokeGrantOperation } from "@/lib/surfaces/management-api/operations/grants";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { findGrantOrThrow } from "@/lib/domain/grants/find-grant-or-throw";
import { revokeGrant } from "@/lib/domain/grants/revoke-grant";

/** Idempotent: a revoked grant is answered as it is. */
export const POST = managementRoute(revokeGrantOperation, async ({ caller, actor, params }) => {
  const { id } = await revokeGrant(db(), actor, caller.userId, params.id!);
  return findGrantOrThrow(db(), caller.userId, id);
});
