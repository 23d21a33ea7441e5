import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { addCredential } from "@/lib/domain/credentials/add-credential";
import { listCredentials } from "@/lib/domain/credentials/list-credentials";

export const GET = uiRoute(async ({ user }) => ({ data: await listCredentials(db(), user.id) }));

export const POST = uiRoute(async ({ user, actor, body }) => addCredential(db(), actor, user.id, await body()), { status: 201 });
