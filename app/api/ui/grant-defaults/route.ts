import { db } from "@/lib/db/client";
import { getGrantDefaults, toGrantDefaultsView } from "@/lib/grants/grant-defaults";
import { setGrantDefaults } from "@/lib/grants/set-grant-defaults";
import { uiRoute } from "@/lib/http/ui-route";

export const GET = uiRoute(async ({ user }) => toGrantDefaultsView(await getGrantDefaults(db(), user.id)));

export const PUT = uiRoute(async ({ user, actor, body }) => setGrantDefaults(db(), actor, user.id, await body()));
