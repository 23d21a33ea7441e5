import { aggregateUsageEndpoint } from "@/lib/api/endpoints/usage";
import { managementRoute } from "@/lib/api/management-route";
import { db } from "@/lib/db/client";
import { aggregateUsage } from "@/lib/usage/aggregate-usage";

export const GET = managementRoute(aggregateUsageEndpoint, async ({ caller, query }) => aggregateUsage(db(), caller.userId, query, query.by));
