import type { Db } from "@/lib/db/client";
import { toManagementKeyView, type ManagementKeyView } from "@/lib/management-keys/schemas";

export async function listManagementKeys(db: Db, userId: string): Promise<ManagementKeyView[]> {
  const rows = await db.managementKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toManagementKeyView);
}
