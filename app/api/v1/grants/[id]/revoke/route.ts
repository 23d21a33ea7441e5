import { revokeGrantOperation } from "@/lib/surfaces/management-api/operations/grants";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { revokeAndShowGrant } from "@/lib/domain/grants/revoke-and-show-grant";

/** Idempotent: a revoked grant is answered as it is. */
export const POST = managementRoute<{ id: string }>(revokeGrantOperation, async ({ caller, actor, params }) =>
  revokeAndShowGrant(db(), actor, caller.user.id, params.id),
);
