import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { removeProviderKey } from "@/lib/domain/provider-keys/remove-provider-key";
import { updateProviderKey } from "@/lib/domain/provider-keys/update-provider-key";

type Params = { id: string };

export const PATCH = uiRoute<Params>(
  async ({ user, actor, params, body }) => updateProviderKey(db(), actor, user.id, params.id, await body()),
  { stepUp: true },
);

export const DELETE = uiRoute<Params>(
  async ({ user, actor, params }) => {
    await removeProviderKey(db(), actor, user.id, params.id);
    return null;
  },
  { stepUp: true },
);
