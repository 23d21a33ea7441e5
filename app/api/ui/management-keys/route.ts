import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { createManagementKey } from "@/lib/domain/management-keys/create-management-key";
import { listManagementKeys } from "@/lib/domain/management-keys/list-management-keys";
import { assertFreshProof } from "@/lib/domain/auth/step-up";
import { writesAnything } from "@/lib/surfaces/ui/step-up-gates";

export const GET = uiRoute(async ({ user }) => ({ data: await listManagementKeys(db(), user.id) }));

/** Answers the new key's plaintext once: {"key": "okmk_...", ...metadata}. */
export const POST = uiRoute(
  async ({ user, actor, body, session }) => {
    const input = await body();
    if (writesAnything(input)) assertFreshProof(session);
    const { key, view } = await createManagementKey(db(), actor, user.id, input);
    return { ...view, key };
  },
  { status: 201 },
);
