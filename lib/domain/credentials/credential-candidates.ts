import type { Db } from "@/lib/foundation/db/client";
import { parseJsonList } from "@/lib/engines/ledger/ledger-store";
import type { CredentialCandidate } from "@/lib/domain/grants/resolve-api-scopes";

/** The owner's credentials as approval sees them: id, name, account, destinations (no secret). */
export async function credentialCandidates(db: Db, userId: string): Promise<CredentialCandidate[]> {
  const rows = await db.credential.findMany({
    where: { userId },
    orderBy: [{ name: "asc" }, { account: "asc" }],
    select: { id: true, name: true, account: true, destinations: true },
  });
  return rows.map((r) => ({ ...r, destinations: parseJsonList(r.destinations) }));
}
