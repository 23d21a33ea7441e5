import type { Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { findGrantOrThrow } from "@/lib/domain/grants/find-grant-or-throw";
import { revokeGrant } from "@/lib/domain/grants/revoke-grant";
import type { GrantView } from "@/lib/domain/grants/grant-view";

/** POST /api/v1/grants/{id}/revoke: revokes (idempotent) and answers the grant as it now is. */
export async function revokeAndShowGrant(db: Db, actor: Actor, userId: string, grantId: string): Promise<GrantView> {
  const { id } = await revokeGrant(db, actor, userId, grantId);
  return findGrantOrThrow(db, userId, id);
}
