import { listGrantsEndpoint } from "@/lib/api/endpoints/grants";
import { managementRoute } from "@/lib/api/management-route";
import { db } from "@/lib/db/client";
import { listGrants } from "@/lib/grants/list-grants";

export const GET = managementRoute(listGrantsEndpoint, async ({ caller, query }) => ({ ...(await listGrants(db(), caller.userId, query, query)), page: query.page, limit: query.limit }));
