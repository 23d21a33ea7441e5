import { listUsageEndpoint } from "@/lib/api/endpoints/usage";
import { managementRoute } from "@/lib/api/management-route";
import { db } from "@/lib/db/client";
import { listUsagePage } from "@/lib/usage/list-usage-page";

export const GET = managementRoute(listUsageEndpoint, async ({ caller, query }) => listUsagePage(db(), caller.userId, query, query));
