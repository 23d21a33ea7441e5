import { exportUsageEndpoint } from "@/lib/surfaces/management-api/endpoints/usage";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { exportUsageEvents } from "@/lib/domain/usage/export-usage-events";

export const GET = managementRoute(exportUsageEndpoint, async ({ caller, query }) => exportUsageEvents(db(), caller.user.id, query));
