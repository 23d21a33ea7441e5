import { listUsageEndpoint } from "@/lib/surfaces/management-api/endpoints/usage";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { listUsagePage } from "@/lib/domain/usage/list-usage-page";

export const GET = managementRoute(listUsageEndpoint, async ({ caller, query }) => listUsagePage(db(), caller.userId, query, query));
