import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";

/** A request addressed to this user; anyone else's is "not found" (no existence oracle). */
export async function findAccessRequestOrThrow(db: Db, userId: string, id: string) {
  const row =
    typeof id === "string" && /^req_[A-Za-z0-9]{20}$/.test(id) ? await db.accessRequest.findFirst({ where: { id, userId } }) : null;
  if (!row) throw new VaultError("not_found", "No such access request.");
  return row;
}
