import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { exportAuditLogOperation } from "@/lib/surfaces/management-api/operations/audit-log";
import { exportAuditEvents } from "@/lib/domain/audit/export-audit-events";
import { db } from "@/lib/foundation/db/client";

export const GET = managementRoute(exportAuditLogOperation, async ({ caller, query }) => exportAuditEvents(db(), caller.user, query));
