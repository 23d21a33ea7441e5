import { managementRoute } from "@/lib/api/management-route";
import { exportAuditLog } from "@/lib/api/endpoints/audit-log";
import { exportAuditEvents } from "@/lib/audit/export-audit-events";
import { db } from "@/lib/db/client";

export const GET = managementRoute(exportAuditLog, async ({ caller, query }) => {
  const viewer = await db().user.findUniqueOrThrow({ where: { id: caller.userId } });
  return exportAuditEvents(db(), viewer, query, query.format);
});
