import { managementRoute } from "@/lib/api/management-route";
import { listAuditLog } from "@/lib/api/endpoints/audit-log";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { db } from "@/lib/db/client";

export const GET = managementRoute(listAuditLog, async ({ caller, query }) => {
  const viewer = await db().user.findUniqueOrThrow({ where: { id: caller.userId } });
  return listAuditEvents(db(), viewer, query, query);
});
