import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { listCredentialsOperation } from "@/lib/surfaces/management-api/operations/credentials";
import { db } from "@/lib/foundation/db/client";
import { listCredentials } from "@/lib/domain/credentials/list-credentials";

export const GET = managementRoute(listCredentialsOperation, async ({ caller }) => ({
  data: await listCredentials(db(), caller.user.id),
}));
