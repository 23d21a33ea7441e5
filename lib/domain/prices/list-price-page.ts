import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { paginationQuery, skipTake } from "@/lib/foundation/validation/pagination";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { listPriceOverrides } from "@/lib/domain/prices/list-price-overrides";

/** GET /api/v1/prices: the page. */
export const pricePageQuery = z.object(paginationQuery).strict();

/** One page of the owner's prices, by provider and model, with the total; `query` as received. */
export async function listPricePage(db: Db, query: unknown) {
  const { page, limit } = parseInput(pricePageQuery, query);
  const all = await listPriceOverrides(db);
  const { skip, take } = skipTake({ page, limit });
  return { data: all.slice(skip, skip + take), page, limit, total: all.length };
}
