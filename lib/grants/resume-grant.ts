import type { Actor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import type { GrantView } from "./grant-view";
import { updateGrant } from "./update-grant";

/** Lets a paused grant's token work again; audited. */
export function resumeGrant(db: Db, actor: Actor, userId: string, grantId: string): Promise<GrantView> {
  return updateGrant(db, actor, userId, grantId, { status: "active" });
}
