import { db } from "@/lib/db/client";
import { uiRoute } from "@/lib/http/ui-route";
import { deletePriceOverride, priceOverrideKey } from "@/lib/pricing/delete-price-override";
import { listPriceOverrides } from "@/lib/pricing/list-price-overrides";
import { priceOverrideInput, setPriceOverride } from "@/lib/pricing/set-price-override";
import { parseInput } from "@/lib/validation/parse-input";

export const GET = uiRoute(async () => ({ data: await listPriceOverrides(db()) }));

/** Body: {"provider", "model", "input", "output", "cache_read"?, "cache_write"?, "cache_write_1h"?} in USD per million tokens. */
export const PUT = uiRoute(async ({ user, actor, body }) => setPriceOverride(db(), actor, user, parseInput(priceOverrideInput, await body())));

/** Query: ?provider=&model= */
export const DELETE = uiRoute(async ({ req, user, actor }) => {
  await deletePriceOverride(db(), actor, user, parseInput(priceOverrideKey, Object.fromEntries(new URL(req.url).searchParams)));
  return null;
});
