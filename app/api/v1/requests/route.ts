import { listRequestsOperation } from "@/lib/surfaces/management-api/operations/requests";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { listAccessRequestPage } from "@/lib/domain/access-requests/list-access-request-page";
import { db } from "@/lib/foundation/db/client";

export const GET = managementRoute(listRequestsOperation, async ({ caller, query }) => listAccessRequestPage(db(), caller.user.id, query));
