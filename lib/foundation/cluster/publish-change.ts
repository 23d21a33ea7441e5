/**
 * Publishes a change (changes.ts): applied in this process at once and, on PostgreSQL, sent with
 * NOTIFY to every instance's change listener. Given a transaction, the database delivers it when
 * (and only if) that transaction commits; given the client, at once (call it after the commit).
 */
import { applyChange } from "@/lib/foundation/cluster/apply-change";
import { CHANGE_CHANNEL, encodeChange, type Change } from "@/lib/foundation/cluster/changes";
import type { Db, Tx } from "@/lib/foundation/db/client";
import { isPostgres } from "@/lib/foundation/db/dialect";

export async function publishChange(db: Db | Tx, change: Change): Promise<void> {
  if (isPostgres(db)) await db.$executeRaw`SELECT pg_notify(${CHANGE_CHANNEL}, ${encodeChange(change)})`;
  applyChange(change);
}
