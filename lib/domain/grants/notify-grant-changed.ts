/**
 * Call this from every operation that changes what a grant or its tokens allow (revoke, pause or
 * resume, limits, models, expiry, a token revoked), inside the transaction that makes the change:
 *
 *     await db.$transaction(async (tx) => {
 *       await tx.grant.update({ where: { id }, data: { status: "paused" } });
 *       await notifyGrantChanged(tx, id);
 *     });
 *
 * On PostgreSQL it sends NOTIFY, which the database delivers to every instance's change listener
 * when (and only if) the transaction commits; each drops the grant from its token cache and
 * re-checks its live streams, so the change holds everywhere within milliseconds. In this process
 * the cache entry is dropped at once as well (the only mechanism on SQLite). Whatever is missed
 * (no call, a listener reconnecting) is still bounded by the cache's 500 ms TTL.
 * notifyAllGrantsChanged is for changes that reach many grants at once (a provider key replaced).
 */
import { publishChange } from "@/lib/foundation/cluster/publish-change";
import type { Db, Tx } from "@/lib/foundation/db/client";

export function notifyGrantChanged(db: Db | Tx, grantId: string): Promise<void> {
  return publishChange(db, { kind: "grant", id: grantId });
}

export function notifyAllGrantsChanged(db: Db | Tx): Promise<void> {
  return publishChange(db, { kind: "grants" });
}
