import type { Db } from "@/lib/foundation/db/client";
import { candidatesFor } from "@/lib/domain/grants/resolve-api-scopes";

export type ApiEntryOption = { id: string; name: string; account: string | null; last4: string };

/** For each api_access entry of a request: the owner's credentials it could use (every account), for the approval page. */
export async function apiEntryOptions(
  db: Db,
  userId: string,
  entries: readonly { hosts: string[]; credentials: string[] }[],
): Promise<ApiEntryOption[][]> {
  if (entries.length === 0) return [];
  const rows = await db.credential.findMany({
    where: { userId },
    orderBy: [{ name: "asc" }, { account: "asc" }],
    select: { id: true, name: true, account: true, destinations: true, last4: true },
  });
  const all = rows.map((r) => ({ ...r, destinations: JSON.parse(r.destinations) as string[] }));
  return entries.map((e) =>
    candidatesFor(e, all).map((c) => ({
      id: c.id,
      name: c.name,
      account: c.account || null,
      last4: rows.find((r) => r.id === c.id)!.last4,
    })),
  );
}
