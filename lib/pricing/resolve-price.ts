/**
 * The price the vault charges for a model: the owner's override wins, then the bundled catalogue;
 * providers without a catalogue (a local Ollama) are free unless the owner set a price. Overrides
 * are read through the proxy store and cached for a second, so a change applies within a second
 * on every instance without a query per request.
 */
import type { ProviderInfo } from "@/lib/providers/registry";
import { cataloguePrice } from "@/lib/pricing/catalogue-price";
import { FREE_PRICE, flatRate, type ModelPrice } from "@/lib/pricing/model-price";
import type { PriceOverrideRecord, ProxyStore } from "@/lib/proxy/store/proxy-store";
import { singleton } from "@/lib/runtime/singleton";

const OVERRIDES_TTL_MS = 1_000;

type OverrideCache = { loadedAt: number; prices: Map<string, ModelPrice>; loading: Promise<void> | null };

export function overridePrice(row: PriceOverrideRecord): ModelPrice {
  const input = flatRate(row.inputMicrosPerMtok);
  const cacheWrite = row.cacheWriteMicrosPerMtok === null ? input : flatRate(row.cacheWriteMicrosPerMtok);
  return Object.freeze({
    input,
    output: flatRate(row.outputMicrosPerMtok),
    cacheRead: row.cacheReadMicrosPerMtok === null ? input : flatRate(row.cacheReadMicrosPerMtok),
    cacheWrite,
    cacheWrite1h: row.cacheWrite1hMicrosPerMtok === null ? cacheWrite : flatRate(row.cacheWrite1hMicrosPerMtok),
    source: "override",
  });
}

const key = (provider: string, model: string) => `${provider}\u0000${model}`;

/** The owner's prices, at most OVERRIDES_TTL_MS old. */
export async function loadPriceOverrides(store: ProxyStore): Promise<Map<string, ModelPrice>> {
  const cache = singleton<OverrideCache>("price-overrides", () => ({ loadedAt: 0, prices: new Map(), loading: null }));
  if (Date.now() - cache.loadedAt < OVERRIDES_TTL_MS) return cache.prices;
  cache.loading ??= store
    .priceOverrides()
    .then((rows) => {
      cache.prices = new Map(rows.map((r) => [key(r.provider, r.model), overridePrice(r)]));
      cache.loadedAt = Date.now();
    })
    .finally(() => (cache.loading = null));
  await cache.loading;
  return cache.prices;
}

export function resolvePrice(overrides: ReadonlyMap<string, ModelPrice>, provider: ProviderInfo, model: string): ModelPrice | null {
  const override = overrides.get(key(provider.id, model));
  if (override) return override;
  if (provider.priceCatalogueId === null) return FREE_PRICE;
  return cataloguePrice(provider.priceCatalogueId, model);
}
