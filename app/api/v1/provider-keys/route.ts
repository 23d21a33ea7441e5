import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { listProviderKeysEndpoint } from "@/lib/surfaces/management-api/endpoints/provider-keys";
import { db } from "@/lib/foundation/db/client";
import { listProviderKeys } from "@/lib/domain/provider-keys/list-provider-keys";

export const GET = managementRoute(listProviderKeysEndpoint, async ({ caller }) => ({
  data: await listProviderKeys(db(), caller.user.id),
}));
