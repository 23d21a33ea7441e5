import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { loadGrantViews, type GrantView } from "@/lib/domain/grants/grant-view";

const GRANT_ID = /^grt_[A-Za-z0-9]{20}$/;

/** A grant of this user; anyone else's (or a malformed id) is "not found", never "forbidden". */
export async function findGrantRowOrThrow(db: Db, userId: string, id: string) {
  const row = typeof id === "string" && GRANT_ID.test(id) ? await db.grant.findFirst({ where: { id, userId } }) : null;
  if (!row) throw new VaultError("not_found", "No such grant.");
  return row;
}

/** The grant's full view (entries, spend, tokens' last 4, last use). */
export async function findGrantOrThrow(db: Db, userId: string, id: string, now = new Date()): Promise<GrantView> {
  const row = await findGrantRowOrThrow(db, userId, id);
  return (await loadGrantViews(db, { userId, id: row.id }, now))[0]!;
}
