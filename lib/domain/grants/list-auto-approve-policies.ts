import type { Db } from "@/lib/foundation/db/client";
import { toPolicyView, type PolicyView } from "@/lib/domain/grants/auto-approve-policy-views";

export async function listAutoApprovePolicies(db: Db, userId: string): Promise<PolicyView[]> {
  const rows = await db.autoApprovePolicy.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  return rows.map(toPolicyView);
}
