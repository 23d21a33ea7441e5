import type { Db } from "@/lib/foundation/db/client";
import type { ProviderKeyView } from "@/lib/domain/provider-keys/schemas";
import { toProviderKeyView } from "@/lib/domain/provider-keys/to-provider-key-view";
import { PROVIDER_IDS } from "@/lib/engines/providers/registry";

/** The user's provider keys (metadata only), in registry order then by label. */
export async function listProviderKeys(db: Db, userId: string): Promise<ProviderKeyView[]> {
  const rows = await db.providerKey.findMany({
    where: { userId, deletedAt: null },
    select: {
      id: true,
      provider: true,
      label: true,
      last4: true,
      createdAt: true,
      updatedAt: true,
      lastUsedAt: true,
      _count: { select: { scopes: { where: { grant: { status: { in: ["active", "paused"] } } } } } },
    },
    orderBy: { label: "asc" },
  });
  const order = (p: string) => PROVIDER_IDS.indexOf(p as (typeof PROVIDER_IDS)[number]);
  return rows.sort((a, b) => order(a.provider) - order(b.provider)).map((row) => toProviderKeyView(row, row._count.scopes));
}
