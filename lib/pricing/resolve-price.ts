/**
 * The price the vault charges for a model: the owner's override wins, then the bundled catalogue;
 * providers without a catalogue (a local Ollama) are free unless the owner set a price. Overrides
 * are read through the proxy store and cached for a second, so a change applies within a second
 * on every instance without a query per request.
 *
 * An override sets the input and output rates and, optionally, the cache rates. What it leaves
 * unset comes from the catalogue, when the catalogue knows the model: cache reads and writes (the
 * 5-minute and 1-hour surcharges), audio rates, the other rates the reservation considers, and the
 * long-context tiers (above a tier's start the rate is the catalogue's tier price, never below the
 * owner's base rate). Without a catalogue price, unset cache rates are the input rate.
 */
import { isProviderId, providerInfo, type ProviderInfo } from "@/lib/providers/registry";
import { catalogueSchedule } from "@/lib/pricing/catalogue-price";
import { FREE_PRICE, flatRate, type ModelPrice, type Rate } from "@/lib/pricing/model-price";
import { fixedSchedule, quoteAt, type PriceQuote, type PriceSchedule } from "@/lib/pricing/price-schedule";
import type { PriceOverrideRecord, ProxyStore } from "@/lib/proxy/store/proxy-store";
import { singleton } from "@/lib/runtime/singleton";

const OVERRIDES_TTL_MS = 1_000;

type OverrideCache = { loadedAt: number; prices: Map<string, PriceSchedule>; loading: Promise<void> | null };

const FREE_SCHEDULE = fixedSchedule(FREE_PRICE);

/** The owner's base rate with the catalogue's long-context tiers (each at least the base). */
function withTiers(base: bigint, catalogue: Rate | undefined): Rate {
  if (!catalogue?.tiers.length) return flatRate(base);
  return { base, tiers: catalogue.tiers.map((t) => ({ start: t.start, price: t.price > base ? t.price : base })) };
}

/** One override over one catalogue price (null: the catalogue does not know the model). */
export function overridePrice(row: PriceOverrideRecord, catalogue: ModelPrice | null = null): ModelPrice {
  const input = withTiers(row.inputMicrosPerMtok, catalogue?.input);
  const cacheWrite = row.cacheWriteMicrosPerMtok !== null ? flatRate(row.cacheWriteMicrosPerMtok) : (catalogue?.cacheWrite ?? input);
  return Object.freeze({
    input,
    output: withTiers(row.outputMicrosPerMtok, catalogue?.output),
    cacheRead: row.cacheReadMicrosPerMtok !== null ? flatRate(row.cacheReadMicrosPerMtok) : (catalogue?.cacheRead ?? input),
    cacheWrite,
    cacheWrite1h: row.cacheWrite1hMicrosPerMtok !== null ? flatRate(row.cacheWrite1hMicrosPerMtok) : (catalogue?.cacheWrite1h ?? cacheWrite),
    ...(catalogue?.inputAudio ? { inputAudio: catalogue.inputAudio } : {}),
    ...(catalogue?.outputAudio ? { outputAudio: catalogue.outputAudio } : {}),
    ...(catalogue?.otherInput ? { otherInput: catalogue.otherInput } : {}),
    ...(catalogue?.otherOutput ? { otherOutput: catalogue.otherOutput } : {}),
    source: "override",
  });
}

/** An override merged into every price the catalogue schedules for the model. */
export function overrideSchedule(row: PriceOverrideRecord, catalogue: PriceSchedule | null): PriceSchedule {
  if (!catalogue) return fixedSchedule(overridePrice(row));
  return { entries: catalogue.entries.map((e) => ({ constraint: e.constraint, price: overridePrice(row, e.price) })) };
}

const key = (provider: string, model: string) => `${provider}\u0000${model}`;

/** The owner's prices (merged with the catalogue), at most OVERRIDES_TTL_MS old. */
export async function loadPriceOverrides(store: ProxyStore): Promise<Map<string, PriceSchedule>> {
  const cache = singleton<OverrideCache>("price-overrides", () => ({ loadedAt: 0, prices: new Map(), loading: null }));
  if (Date.now() - cache.loadedAt < OVERRIDES_TTL_MS) return cache.prices;
  cache.loading ??= store
    .priceOverrides()
    .then((rows) => {
      cache.prices = new Map(
        rows.map((r) => {
          const catalogueId = isProviderId(r.provider) ? providerInfo(r.provider).priceCatalogueId : null;
          return [key(r.provider, r.model), overrideSchedule(r, catalogueId ? catalogueSchedule(catalogueId, r.model) : null)];
        }),
      );
      cache.loadedAt = Date.now();
    })
    .finally(() => (cache.loading = null));
  await cache.loading;
  return cache.prices;
}

/** The price of a request to `model` starting at `atMs`, or null when the vault knows none. */
export function resolvePrice(overrides: ReadonlyMap<string, PriceSchedule>, provider: ProviderInfo, model: string, atMs: number): PriceQuote | null {
  const override = overrides.get(key(provider.id, model));
  if (override) return quoteAt(override, atMs);
  if (provider.priceCatalogueId === null) return quoteAt(FREE_SCHEDULE, atMs);
  const schedule = catalogueSchedule(provider.priceCatalogueId, model);
  return schedule ? quoteAt(schedule, atMs) : null;
}
