import { listGrantsEndpoint } from "@/lib/surfaces/management-api/endpoints/grants";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { listGrants } from "@/lib/domain/grants/list-grants";

export const GET = managementRoute(listGrantsEndpoint, async ({ caller, query }) => ({
  ...(await listGrants(db(), caller.userId, query, query)),
  page: query.page,
  limit: query.limit,
}));
