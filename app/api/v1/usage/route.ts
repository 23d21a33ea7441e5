import { listUsageOperation } from "@/lib/surfaces/management-api/operations/usage";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { listUsagePage } from "@/lib/domain/usage/list-usage-page";

export const GET = managementRoute(listUsageOperation, async ({ caller, query }) => listUsagePage(db(), caller.userId, query, query));
