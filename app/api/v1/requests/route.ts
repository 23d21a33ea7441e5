import { listRequestsEndpoint } from "@/lib/api/endpoints/requests";
import { managementRoute } from "@/lib/api/management-route";
import { listAccessRequestPage } from "@/lib/access-requests/list-access-request-page";
import { db } from "@/lib/db/client";

export const GET = managementRoute(listRequestsEndpoint, async ({ caller, query }) => listAccessRequestPage(db(), caller.userId, query.status, query));
