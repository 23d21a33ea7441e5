import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { removeCredential } from "@/lib/domain/credentials/remove-credential";

type Params = { id: string };

export const DELETE = uiRoute<Params>(async ({ user, actor, params }) => {
  await removeCredential(db(), actor, user.id, params.id);
  return null;
});
