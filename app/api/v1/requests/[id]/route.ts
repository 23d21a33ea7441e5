import { getRequestOperation } from "@/lib/surfaces/management-api/operations/requests";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { findAccessRequestOrThrow } from "@/lib/domain/access-requests/find-access-request-or-throw";
import { toAccessRequestView } from "@/lib/domain/access-requests/list-access-requests";
import { db } from "@/lib/foundation/db/client";

export const GET = managementRoute<{ id: string }>(getRequestOperation, async ({ caller, params }) =>
  toAccessRequestView(await findAccessRequestOrThrow(db(), caller.user.id, params.id)),
);
