import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { exportAuditLogOperation } from "@/lib/surfaces/management-api/operations/audit-log";
import { exportAuditEvents } from "@/lib/domain/audit/export-audit-events";
import { db } from "@/lib/foundation/db/client";

export const GET = managementRoute(exportAuditLogOperation, async ({ caller, query }) => {
  const viewer = await db().user.findUniqueOrThrow({ where: { id: caller.userId } });
  return exportAuditEvents(db(), viewer, query, query.format);
});
