import type { Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import type { GrantView } from "@/lib/domain/grants/grant-view";
import { updateGrant } from "@/lib/domain/grants/update-grant";

/** Lets a paused grant's token work again; audited. */
export function resumeGrant(db: Db, actor: Actor, userId: string, grantId: string): Promise<GrantView> {
  return updateGrant(db, actor, userId, grantId, { status: "active" });
}
