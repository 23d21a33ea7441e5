import { listApiCallsOperation } from "@/lib/surfaces/management-api/operations/credentials";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { listApiCallPage } from "@/lib/domain/api-calls/list-api-call-page";
import { db } from "@/lib/foundation/db/client";

export const GET = managementRoute(listApiCallsOperation, async ({ caller, query }) => listApiCallPage(db(), caller.user.id, query));
