import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";

/** A key of this user; another user's key is "not found" too (no existence oracle). */
export async function findProviderKeyOrThrow(db: Db, userId: string, id: string) {
  const row = typeof id === "string" && id.length <= 64 ? await db.providerKey.findFirst({ where: { id, userId, deletedAt: null } }) : null;
  if (!row) throw new VaultError("not_found", "No such provider key.");
  return row;
}
