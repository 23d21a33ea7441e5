import { listGrantsOperation } from "@/lib/surfaces/management-api/operations/grants";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { listGrantPage } from "@/lib/domain/grants/list-grant-page";

export const GET = managementRoute(listGrantsOperation, async ({ caller, query }) => listGrantPage(db(), caller.user.id, query));
