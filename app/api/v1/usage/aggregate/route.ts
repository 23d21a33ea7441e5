import { aggregateUsageOperation } from "@/lib/surfaces/management-api/operations/usage";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { aggregateUsage } from "@/lib/domain/usage/aggregate-usage";

export const GET = managementRoute(aggregateUsageOperation, async ({ caller, query }) => aggregateUsage(db(), caller.user.id, query));
