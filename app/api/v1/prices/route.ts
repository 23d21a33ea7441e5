import { deletePriceEndpoint, listPricesEndpoint, setPriceEndpoint } from "@/lib/surfaces/management-api/endpoints/prices";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { deletePriceOverride } from "@/lib/domain/prices/delete-price-override";
import { listPricePage } from "@/lib/domain/prices/list-price-page";
import { setPriceOverride } from "@/lib/domain/prices/set-price-override";

export const GET = managementRoute(listPricesEndpoint, async ({ query }) => listPricePage(db(), query));

export const PUT = managementRoute(setPriceEndpoint, async ({ caller, actor, body }) => setPriceOverride(db(), actor, caller.user, body));

export const DELETE = managementRoute(deletePriceEndpoint, async ({ caller, actor, query }) => {
  await deletePriceOverride(db(), actor, caller.user, query);
  return null;
});
