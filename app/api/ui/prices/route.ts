import { db } from "@/lib/db/client";
import { uiRoute } from "@/lib/http/ui-route";
import { listPriceOverrides } from "@/lib/pricing/list-price-overrides";
import { setPriceOverride } from "@/lib/pricing/set-price-override";

export const GET = uiRoute(async () => ({ data: await listPriceOverrides(db()) }));

/** Body: {"provider", "model", "input", "output", "cache_read"?, "cache_write"?, "cache_write_1h"?} in USD per million tokens. */
export const PUT = uiRoute(async ({ user, actor, body }) => setPriceOverride(db(), actor, user, await body()));
