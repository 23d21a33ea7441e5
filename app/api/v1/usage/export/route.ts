import { exportUsageEndpoint } from "@/lib/api/endpoints/usage";
import { managementRoute } from "@/lib/api/management-route";
import { db } from "@/lib/db/client";
import { exportUsageEvents } from "@/lib/usage/export-usage-events";

export const GET = managementRoute(exportUsageEndpoint, async ({ caller, query }) => exportUsageEvents(db(), caller.userId, query, query.format));
