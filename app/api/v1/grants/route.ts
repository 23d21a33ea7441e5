import { listGrantsEndpoint } from "@/lib/surfaces/management-api/endpoints/grants";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { listGrantPage } from "@/lib/domain/grants/list-grant-page";

export const GET = managementRoute(listGrantsEndpoint, async ({ caller, query }) => listGrantPage(db(), caller.user.id, query));
