import { revokeGrantEndpoint } from "@/lib/api/endpoints/grants";
import { managementRoute } from "@/lib/api/management-route";
import { db } from "@/lib/db/client";
import { findGrantOrThrow } from "@/lib/grants/find-grant-or-throw";
import { revokeGrant } from "@/lib/grants/revoke-grant";

/** Idempotent: a revoked grant is answered as it is. */
export const POST = managementRoute(revokeGrantEndpoint, async ({ caller, actor, params }) => {
  const { id } = await revokeGrant(db(), actor, caller.userId, params.id!);
  return findGrantOrThrow(db(), caller.userId, id);
});
