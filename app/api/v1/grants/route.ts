import { listGrantsOperation } from "@/lib/surfaces/management-api/operations/grants";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { listGrants } from "@/lib/domain/grants/list-grants";

export const GET = managementRoute(listGrantsOperation, async ({ caller, query }) => ({
  ...(await listGrants(db(), caller.userId, query, query)),
  page: query.page,
  limit: query.limit,
}));
