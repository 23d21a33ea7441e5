import type { Db } from "@/lib/foundation/db/client";

/** The owner account: OKAP requests are addressed to it. Null before the first-run setup. */
export async function findVaultOwner(db: Db): Promise<{ id: string; email: string } | null> {
  return db.user.findFirst({ where: { role: "owner" }, select: { id: true, email: true }, orderBy: { createdAt: "asc" } });
}
