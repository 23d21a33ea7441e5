import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { addProviderKey } from "@/lib/domain/provider-keys/add-provider-key";
import { listProviderKeys } from "@/lib/domain/provider-keys/list-provider-keys";

export const GET = uiRoute(async ({ user }) => ({ data: await listProviderKeys(db(), user.id) }));

export const POST = uiRoute(async ({ user, actor, body }) => addProviderKey(db(), actor, user.id, await body()), {
  status: 201,
  stepUp: true,
});
