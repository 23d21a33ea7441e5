import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { deletePriceOverride } from "@/lib/domain/prices/delete-price-override";
import { listPriceOverrides } from "@/lib/domain/prices/list-price-overrides";
import { setPriceOverride } from "@/lib/domain/prices/set-price-override";

export const GET = uiRoute(async () => ({ data: await listPriceOverrides(db()) }));

/** Body: {"provider", "model", "input", "output", "cache_read"?, "cache_write"?, "cache_write_1h"?} in USD per million tokens. */
export const PUT = uiRoute(async ({ user, actor, body }) => setPriceOverride(db(), actor, user, await body()));

/** Query: ?provider=&model= */
export const DELETE = uiRoute(async ({ user, actor, query }) => {
  await deletePriceOverride(db(), actor, user, query);
  return null;
});
