import type { Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import type { GrantView } from "@/lib/domain/grants/grant-view";
import { updateGrant } from "@/lib/domain/grants/update-grant";

/** Stops a grant's token until it is resumed (403 grant_paused within a second); audited. */
export function pauseGrant(db: Db, actor: Actor, userId: string, grantId: string): Promise<GrantView> {
  return updateGrant(db, actor, userId, grantId, { status: "paused" });
}
