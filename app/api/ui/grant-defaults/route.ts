import { db } from "@/lib/foundation/db/client";
import { getGrantDefaults, toGrantDefaultsView } from "@/lib/domain/grants/grant-defaults";
import { setGrantDefaults } from "@/lib/domain/grants/set-grant-defaults";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

export const GET = uiRoute(async ({ user }) => toGrantDefaultsView(await getGrantDefaults(db(), user.id)));

export const PUT = uiRoute(async ({ user, actor, body }) => setGrantDefaults(db(), actor, user.id, await body()));
