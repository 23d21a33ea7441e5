import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { recordAuditEvent } from "@/lib/domain/audit/record-audit-event";
import { findGrantOrThrow, findGrantRowOrThrow } from "@/lib/domain/grants/find-grant-or-throw";
import type { GrantView } from "@/lib/domain/grants/grant-view";
import type { Db } from "@/lib/foundation/db/client";

/**
 * The owner's reset of overshoot containment (docs/proxy.md): every entry of the grant admits
 * concurrent requests again. Audited when it changed anything; answers the grant as it now is.
 */
export async function resetContainment(db: Db, actor: Actor, userId: string, grantId: string): Promise<GrantView> {
  const grant = await findGrantRowOrThrow(db, userId, grantId);
  await db.$transaction(async (tx) => {
    const contained = await tx.grantScope.findMany({ where: { grantId: grant.id, containedWindow: { not: null } }, select: { id: true } });
    if (contained.length === 0) return;
    await tx.grantScope.updateMany({
      where: { id: { in: contained.map((s) => s.id) } },
      data: { containedWindow: null, containedAt: null, containedHoldId: null, containedNoticeId: null },
    });
    await recordAuditEvent(tx, actor, {
      userId,
      action: "grant.containment_reset",
      targetType: "grant",
      targetId: grant.id,
      metadata: { scope_ids: contained.map((s) => s.id) },
    });
  });
  return findGrantOrThrow(db, userId, grant.id);
}
