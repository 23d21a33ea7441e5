import type { Tx } from "@/lib/foundation/db/client";
import { parseJsonList } from "@/lib/engines/ledger/ledger-store";
import { notifyGrantChanged } from "@/lib/domain/grants/notify-grant-changed";

/** A host the owner refused for a wildcard entry stays refused for that grant (calls get scope_refused). */
export async function refuseHost(tx: Tx, scopeId: string, host: string, grantId: string): Promise<void> {
  const scope = await tx.apiGrantScope.findUnique({ where: { id: scopeId } });
  if (!scope) return;
  const refused = [...new Set([...parseJsonList(scope.refusedHosts), host])];
  await tx.apiGrantScope.update({ where: { id: scopeId }, data: { refusedHosts: JSON.stringify(refused) } });
  await notifyGrantChanged(tx, grantId);
}
