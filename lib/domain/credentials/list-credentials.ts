import type { Db } from "@/lib/foundation/db/client";
import { LIVE_GRANT } from "@/lib/domain/credentials/live-grant-filter";
import type { CredentialView } from "@/lib/domain/credentials/schemas";
import { toCredentialView } from "@/lib/domain/credentials/to-credential-view";

/** The user's API credentials (metadata only), by name then account. */
export async function listCredentials(db: Db, userId: string): Promise<CredentialView[]> {
  const rows = await db.credential.findMany({
    where: { userId },
    orderBy: [{ name: "asc" }, { account: "asc" }],
    include: { _count: { select: { scopes: { where: { scope: { grant: LIVE_GRANT } } } } } },
  });
  return rows.map((row) => toCredentialView(row, row._count.scopes));
}
