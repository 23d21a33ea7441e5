import { listUsageOperation } from "@/lib/surfaces/management-api/operations/usage";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { listUsageLog } from "@/lib/domain/usage/list-usage-log";

export const GET = managementRoute(listUsageOperation, async ({ caller, query }) => listUsageLog(db(), caller.user.id, query));
