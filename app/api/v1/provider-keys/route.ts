import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { listProviderKeysOperation } from "@/lib/surfaces/management-api/operations/provider-keys";
import { db } from "@/lib/foundation/db/client";
import { listProviderKeys } from "@/lib/domain/provider-keys/list-provider-keys";

export const GET = managementRoute(listProviderKeysOperation, async ({ caller }) => ({
  data: await listProviderKeys(db(), caller.user.id),
}));
