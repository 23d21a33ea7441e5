import { db } from "@/lib/db/client";
import { uiRoute } from "@/lib/http/ui-route";
import { addProviderKey } from "@/lib/provider-keys/add-provider-key";
import { listProviderKeys } from "@/lib/provider-keys/list-provider-keys";

export const GET = uiRoute(async ({ user }) => ({ data: await listProviderKeys(db(), user.id) }));

export const POST = uiRoute(async ({ user, actor, body }) => addProviderKey(db(), actor, user.id, await body()), { status: 201 });
