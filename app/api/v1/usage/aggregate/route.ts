import { aggregateUsageEndpoint } from "@/lib/surfaces/management-api/endpoints/usage";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { aggregateUsage } from "@/lib/domain/usage/aggregate-usage";

export const GET = managementRoute(aggregateUsageEndpoint, async ({ caller, query }) => aggregateUsage(db(), caller.user.id, query));
