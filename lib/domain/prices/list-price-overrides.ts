import type { Db } from "@/lib/foundation/db/client";
import { toPriceView, type PriceView } from "@/lib/domain/prices/to-price-view";

/** Every owner price, by provider and model. */
export async function listPriceOverrides(db: Db): Promise<PriceView[]> {
  const rows = await db.priceOverride.findMany({ orderBy: [{ provider: "asc" }, { model: "asc" }] });
  return rows.map(toPriceView);
}
