import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { listAuditLogOperation } from "@/lib/surfaces/management-api/operations/audit-log";
import { listAuditEvents } from "@/lib/domain/audit/list-audit-events";
import { db } from "@/lib/foundation/db/client";

export const GET = managementRoute(listAuditLogOperation, async ({ caller, query }) => {
  const viewer = await db().user.findUniqueOrThrow({ where: { id: caller.userId } });
  return listAuditEvents(db(), viewer, query, query);
});
