import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { exportAuditLogEndpoint } from "@/lib/surfaces/management-api/endpoints/audit-log";
import { exportAuditEvents } from "@/lib/domain/audit/export-audit-events";
import { db } from "@/lib/foundation/db/client";

export const GET = managementRoute(exportAuditLogEndpoint, async ({ caller, query }) => exportAuditEvents(db(), caller.user, query));
