import { publicUiRoute } from "@/lib/surfaces/ui/ui-route";
import { db } from "@/lib/foundation/db/client";
import { createUser } from "@/lib/domain/users/create-user";

/** First-run setup: creates the owner account; 409 already_set_up once an owner exists. */
export const POST = publicUiRoute(
  async ({ actor, body }) => {
    const user = await createUser(db(), actor, await body(), { ownerOnly: true });
    return { id: user.id, email: user.email, role: user.role };
  },
  { status: 201 },
);
