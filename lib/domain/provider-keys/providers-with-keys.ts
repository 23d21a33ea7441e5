import type { Db } from "@/lib/foundation/db/client";

/** The providers this user holds at least one usable key for, in the registry's id order. */
export async function providersWithKeys(db: Db, userId: string): Promise<string[]> {
  const rows = await db.providerKey.findMany({ where: { userId, deletedAt: null }, distinct: ["provider"], select: { provider: true } });
  return rows.map((r) => r.provider).sort();
}
