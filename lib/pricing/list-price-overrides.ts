import type { Db } from "@/lib/db/client";
import { toPriceView, type PriceView } from "@/lib/pricing/to-price-view";

/** Every owner price, by provider and model. */
export async function listPriceOverrides(db: Db): Promise<PriceView[]> {
  const rows = await db.priceOverride.findMany({ orderBy: [{ provider: "asc" }, { model: "asc" }] });
  return rows.map(toPriceView);
}
