import type { Db } from "@/lib/foundation/db/client";
import { toManagementKeyView, type ManagementKeyView } from "@/lib/domain/management-keys/schemas";

export async function listManagementKeys(db: Db, userId: string): Promise<ManagementKeyView[]> {
  const rows = await db.managementKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toManagementKeyView);
}
