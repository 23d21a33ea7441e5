import { getRequestEndpoint } from "@/lib/api/endpoints/requests";
import { managementRoute } from "@/lib/api/management-route";
import { findAccessRequestOrThrow } from "@/lib/access-requests/find-access-request-or-throw";
import { toAccessRequestView } from "@/lib/access-requests/list-access-requests";
import { db } from "@/lib/db/client";

export const GET = managementRoute(getRequestEndpoint, async ({ caller, params }) => toAccessRequestView(await findAccessRequestOrThrow(db(), caller.userId, params.id!)));
