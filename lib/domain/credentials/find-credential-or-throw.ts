import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";

/** A credential of this user; another user's is "not found" too (no existence oracle). */
export async function findCredentialOrThrow(db: Db, userId: string, id: unknown) {
  const row = typeof id === "string" && id.length <= 64 ? await db.credential.findFirst({ where: { id, userId } }) : null;
  if (!row) throw new VaultError("not_found", "No such credential.");
  return row;
}
