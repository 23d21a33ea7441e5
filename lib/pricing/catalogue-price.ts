/**
 * Prices from the bundled catalogue of @pydantic/genai-prices (works offline; its data ships in
 * the package). The package resolves the model (aliases, dated snapshots) and the price in force;
 * its float dollars are converted once to integer micro-dollars per million tokens, and all cost
 * arithmetic happens in bigint (lib/pricing/compute-cost.ts).
 */
import { calcPrice } from "@pydantic/genai-prices";
import { flatRate, type ModelPrice, type Rate } from "@/lib/pricing/model-price";

type RawPrice = number | { base: number; tiers: { start: number; price: number }[] } | undefined;

/** USD per million tokens (a float from the catalogue) -> µ$ per million tokens, exact to 1e-6. */
export function usdPerMtokToMicros(usd: number): bigint {
  if (!Number.isFinite(usd) || usd < 0) throw new Error(`invalid catalogue price ${usd}`);
  const [whole, fraction = ""] = usd.toFixed(6).split(".");
  return BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
}

function toRate(raw: RawPrice): Rate | null {
  if (raw === undefined) return null;
  if (typeof raw === "number") return flatRate(usdPerMtokToMicros(raw));
  return {
    base: usdPerMtokToMicros(raw.base),
    tiers: raw.tiers.map((t) => ({ start: t.start, price: usdPerMtokToMicros(t.price) })),
  };
}

const memo = new Map<string, ModelPrice | null>();

/** The catalogue price of a model at a provider, or null when the catalogue does not know it. */
export function cataloguePrice(catalogueId: string, model: string): ModelPrice | null {
  const key = `${catalogueId}\u0000${model}`;
  if (memo.has(key)) return memo.get(key)!;
  let price: ModelPrice | null = null;
  try {
    const found = calcPrice({ input_tokens: 0 }, model, { providerId: catalogueId });
    const raw = found?.model_price as Record<string, RawPrice> | undefined;
    const input = raw ? toRate(raw.input_mtok) : null;
    if (raw && input) {
      const cacheWrite = toRate(raw.cache_write_mtok) ?? input;
      price = Object.freeze({
        input,
        output: toRate(raw.output_mtok) ?? flatRate(0n),
        cacheRead: toRate(raw.cache_read_mtok) ?? input,
        cacheWrite,
        cacheWrite1h: toRate(raw.cache_write_1h_mtok) ?? cacheWrite,
        source: "catalogue",
      });
    }
  } catch {
    price = null;
  }
  if (memo.size > 5_000) memo.clear();
  memo.set(key, price);
  return price;
}
