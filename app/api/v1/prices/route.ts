import { deletePriceOperation, listPricesOperation, setPriceOperation } from "@/lib/surfaces/management-api/operations/prices";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { db } from "@/lib/foundation/db/client";
import { deletePriceOverride } from "@/lib/domain/prices/delete-price-override";
import { listPriceOverrides } from "@/lib/domain/prices/list-price-overrides";
import { setPriceOverride } from "@/lib/domain/prices/set-price-override";

const userOf = (userId: string) => db().user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, role: true } });

export const GET = managementRoute(listPricesOperation, async ({ query }) => {
  const all = await listPriceOverrides(db());
  return {
    data: all.slice((query.page - 1) * query.limit, query.page * query.limit),
    page: query.page,
    limit: query.limit,
    total: all.length,
  };
});

export const PUT = managementRoute(setPriceOperation, async ({ caller, actor, body }) =>
  setPriceOverride(db(), actor, await userOf(caller.userId), body),
);

export const DELETE = managementRoute(deletePriceOperation, async ({ caller, actor, query }) => {
  await deletePriceOverride(db(), actor, await userOf(caller.userId), query);
  return null;
});
