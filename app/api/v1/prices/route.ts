import { deletePriceOperation, listPricesOperation, setPriceOperation } from "@/lib/surfaces/management-api/operations/prices";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { deletePriceOverride } from "@/lib/domain/prices/delete-price-override";
import { listPricePage } from "@/lib/domain/prices/list-price-page";
import { setPriceOverride } from "@/lib/domain/prices/set-price-override";

export const GET = managementRoute(listPricesOperation, async ({ query }) => listPricePage(db(), query));

export const PUT = managementRoute(setPriceOperation, async ({ caller, actor, body }) => setPriceOverride(db(), actor, caller.user, body));

export const DELETE = managementRoute(deletePriceOperation, async ({ caller, actor, query }) => {
  await deletePriceOverride(db(), actor, caller.user, query);
  return null;
});
