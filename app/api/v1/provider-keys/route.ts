import { managementRoute } from "@/lib/api/management-route";
import { listProviderKeysEndpoint } from "@/lib/api/endpoints/provider-keys";
import { db } from "@/lib/db/client";
import { listProviderKeys } from "@/lib/provider-keys/list-provider-keys";

export const GET = managementRoute(listProviderKeysEndpoint, async ({ caller }) => ({ data: await listProviderKeys(db(), caller.userId) }));
