import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { listAuditLogEndpoint } from "@/lib/surfaces/management-api/endpoints/audit-log";
import { listAuditLog } from "@/lib/domain/audit/list-audit-log";
import { db } from "@/lib/foundation/db/client";

export const GET = managementRoute(listAuditLogEndpoint, async ({ caller, query }) => listAuditLog(db(), caller.user, query));
