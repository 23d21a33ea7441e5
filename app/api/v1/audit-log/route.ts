import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { listAuditLogOperation } from "@/lib/surfaces/management-api/operations/audit-log";
import { listAuditLog } from "@/lib/domain/audit/list-audit-log";
import { db } from "@/lib/foundation/db/client";

export const GET = managementRoute(listAuditLogOperation, async ({ caller, query }) => listAuditLog(db(), caller.user, query));
