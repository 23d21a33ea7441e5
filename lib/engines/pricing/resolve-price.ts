/**
 * The price the vault charges for a model: the owner's override wins, then the bundled catalogue;
 * providers without a catalogue (a local Ollama) are free unless the owner set a price. Overrides
 * are read through the proxy store and cached for a second (no query per request); setting one
 * drops the cache on every instance at once (lib/foundation/cluster), the second bounds a missed notification.
 *
 * An override sets the input and output rates and, optionally, the cache rates. What it leaves
 * unset comes from the catalogue, when the catalogue knows the model, in proportion to the owner's
 * rate: the cache-read discount, the 5-minute and 1-hour cache-write surcharges and audio and image
 * input scale with the owner's input rate, the long-context tiers of input and output and audio and
 * image output with the owner's output rate (an owner at half the catalogue's input price pays half its cache
 * writes; free input makes every input class free). Scaled rates are rounded up. Without a catalogue
 * price (or one of $0 to scale from), unset cache rates are the input rate.
 */
import { isProviderId, providerInfo } from "@/lib/engines/providers/registry";
import type { ProviderInfo } from "@/lib/engines/providers/types";
import { catalogueSchedule } from "@/lib/engines/pricing/catalogue-price";
import { FREE_PRICE, flatRate, type ModelPrice, type Rate } from "@/lib/engines/pricing/model-price";
import { fixedSchedule, quoteAt, type PriceQuote, type PriceSchedule } from "@/lib/engines/pricing/price-schedule";
import type { PriceOverrideRecord, LedgerStore } from "@/lib/engines/ledger/ledger-store";
import { onChange } from "@/lib/foundation/cluster/apply-change";
import { ttlValue } from "@/lib/foundation/runtime/ttl-cache";

const OVERRIDES_TTL_MS = 1_000;

const FREE_SCHEDULE = fixedSchedule(FREE_PRICE);

/** `rate` x num / den, rounded up (never below what the owner's proportion says). */
function scaled(rate: Rate, num: bigint, den: bigint): Rate {
  const scale = (price: bigint) => (price * num + den - 1n) / den;
  return { base: scale(rate.base), tiers: rate.tiers.map((t) => ({ start: t.start, price: scale(t.price) })) };
}

/** One override over one catalogue price (null: the catalogue does not know the model). */
export function overridePrice(row: PriceOverrideRecord, catalogue: ModelPrice | null = null): ModelPrice {
  const ownIn = row.inputMicrosPerMtok;
  const ownOut = row.outputMicrosPerMtok;
  const inScale = catalogue && catalogue.input.base > 0n ? (r: Rate) => scaled(r, ownIn, catalogue.input.base) : null;
  const outScale = catalogue && catalogue.output.base > 0n ? (r: Rate) => scaled(r, ownOut, catalogue.output.base) : null;
  const input = inScale ? inScale(catalogue!.input) : flatRate(ownIn);
  const fromCatalogue = (own: bigint | null, rate: Rate | undefined, fallback: Rate) =>
    own !== null ? flatRate(own) : inScale && rate ? inScale(rate) : fallback;
  const cacheWrite = fromCatalogue(row.cacheWriteMicrosPerMtok, catalogue?.cacheWrite, input);
  const inputAudio = inScale && catalogue?.inputAudio ? inScale(catalogue.inputAudio) : undefined;
  const outputAudio = outScale && catalogue?.outputAudio ? outScale(catalogue.outputAudio) : undefined;
  const inputImage = inScale && catalogue?.inputImage ? inScale(catalogue.inputImage) : undefined;
  const outputImage = outScale && catalogue?.outputImage ? outScale(catalogue.outputImage) : undefined;
  return Object.freeze({
    input,
    output: outScale ? outScale(catalogue!.output) : flatRate(ownOut),
    cacheRead: fromCatalogue(row.cacheReadMicrosPerMtok, catalogue?.cacheRead, input),
    cacheWrite,
    cacheWrite1h: fromCatalogue(row.cacheWrite1hMicrosPerMtok, catalogue?.cacheWrite1h, cacheWrite),
    ...(inputAudio ? { inputAudio } : {}),
    ...(outputAudio ? { outputAudio } : {}),
    ...(inputImage ? { inputImage } : {}),
    ...(outputImage ? { outputImage } : {}),
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

const overrides = ttlValue<ReadonlyMap<string, PriceSchedule>>("price-overrides", { ttlMs: OVERRIDES_TTL_MS });

/** The next request reads the owner's prices again (one was set or removed, on any instance). */
export function forgetPriceOverrides(): void {
  overrides.forget();
}

function schedulesOf(rows: PriceOverrideRecord[]): ReadonlyMap<string, PriceSchedule> {
  return new Map(
    rows.map((r) => {
      const catalogueId = isProviderId(r.provider) ? providerInfo(r.provider).priceCatalogueId : null;
      return [key(r.provider, r.model), overrideSchedule(r, catalogueId ? catalogueSchedule(catalogueId, r.model) : null)];
    }),
  );
}

/** The owner's prices (merged with the catalogue), at most OVERRIDES_TTL_MS old. */
export function loadPriceOverrides(store: LedgerStore): Promise<ReadonlyMap<string, PriceSchedule>> {
  return overrides.get(async () => schedulesOf(await store.priceOverrides()));
}

/** The price of a request to `model` starting at `atMs`, or null when the vault knows none. */
export function resolvePrice(
  overrides: ReadonlyMap<string, PriceSchedule>,
  provider: ProviderInfo,
  model: string,
  atMs: number,
): PriceQuote | null {
  const override = overrides.get(key(provider.id, model));
  if (override) return quoteAt(override, atMs);
  if (provider.priceCatalogueId === null) return quoteAt(FREE_SCHEDULE, atMs);
  const schedule = catalogueSchedule(provider.priceCatalogueId, model);
  return schedule ? quoteAt(schedule, atMs) : null;
}

onChange("price-overrides", ["prices"], forgetPriceOverrides);
