import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { notifyRequestChanged } from "@/lib/domain/access-requests/request-events";

/** The app hung up while waiting: its request can no longer be approved (no-op once decided). */
export async function abandonAccessRequest(db: Db, app: Actor, id: string, now = new Date()): Promise<boolean> {
  const abandoned = await db.$transaction(async (tx) => {
    const changed = await tx.accessRequest.updateMany({ where: { id, status: "pending" }, data: { status: "abandoned", decidedAt: now } });
    if (changed.count === 0) return false;
    const row = await tx.accessRequest.findUniqueOrThrow({ where: { id }, select: { userId: true, clientName: true } });
    await recordAuditEvent(tx, app, {
      userId: row.userId,
      action: "request.abandoned",
      targetType: "access_request",
      targetId: id,
      metadata: { client_name: row.clientName },
    });
    return true;
  });
  if (abandoned) notifyRequestChanged(id);
  return abandoned;
}
