import { deletePriceEndpoint, listPricesEndpoint, setPriceEndpoint } from "@/lib/surfaces/management-api/endpoints/prices";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { deletePriceOverride } from "@/lib/domain/prices/delete-price-override";
import { listPriceOverrides } from "@/lib/domain/prices/list-price-overrides";
import { setPriceOverride } from "@/lib/domain/prices/set-price-override";
import { skipTake } from "@/lib/foundation/validation/pagination";

const userOf = (userId: string) => db().user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, role: true } });

export const GET = managementRoute(listPricesEndpoint, async ({ query }) => {
  const all = await listPriceOverrides(db());
  const { skip, take } = skipTake(query);
  return {
    data: all.slice(skip, skip + take),
    page: query.page,
    limit: query.limit,
    total: all.length,
  };
});

export const PUT = managementRoute(setPriceEndpoint, async ({ caller, actor, body }) =>
  setPriceOverride(db(), actor, await userOf(caller.userId), body),
);

export const DELETE = managementRoute(deletePriceEndpoint, async ({ caller, actor, query }) => {
  await deletePriceOverride(db(), actor, await userOf(caller.userId), query);
  return null;
});
