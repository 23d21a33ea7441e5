/** Which database a Prisma client (or transaction client) talks to, for the few statements that differ. */
import type { Db, Tx } from "@/lib/foundation/db/client";

export function isPostgres(db: Db | Tx): boolean {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}
