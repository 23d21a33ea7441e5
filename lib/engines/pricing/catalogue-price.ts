/**
 * Prices from the bundled catalogue of @pydantic/genai-prices (works offline; its data ships in
 * the package). The package resolves the model (aliases, dated snapshots); the vault reads every
 * price the model has had or will have, with its date or time-of-day constraint, into a schedule
 * (lib/engines/pricing/price-schedule.ts), so a request is priced at its own time. Float dollars are
 * converted once to integer micro-dollars per million tokens, and all cost arithmetic happens in
 * bigint (lib/engines/pricing/compute-cost.ts).
 *
 * Token classes: input, output, cache reads and writes, audio and image tokens are priced at their
 * own rates; every other per-token rate of the model (video, cached audio or images, reasoning) only
 * raises the reservation. Per-call fees (web searches, file searches) and per-second or per-page
 * prices are not token prices: the features that incur them are refused on capped grants
 * (lib/engines/providers/cost-bounds.ts), the endpoints priced that way are `unpriced`.
 */
import { calcPrice } from "@pydantic/genai-prices";
import { flatRate, type ModelPrice, type Rate } from "@/lib/engines/pricing/model-price";
import { fixedSchedule, quoteAt, type PriceConstraint, type PriceQuote, type PriceSchedule } from "@/lib/engines/pricing/price-schedule";

type RawPrice = number | { base: number; tiers: { start: number; price: number }[] } | undefined;
type RawConstraint =
  { type: "start_date"; start_date: string } | { type: "time_of_date"; start_time: string; end_time: string } | undefined;

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

/** Keys priced as their own class, or folded into another one; any other `*_mtok` only raises the reservation. */
const CLASS_KEYS = new Set([
  "input_mtok",
  "output_mtok",
  "cache_read_mtok",
  "cache_write_mtok",
  "cache_write_1h_mtok",
  "input_audio_mtok",
  "output_audio_mtok",
  "input_image_mtok",
  "output_image_mtok",
]);

/**
 * A model priced per hour of audio only (whisper-1: `input_audio_hours`): its usage counts seconds
 * where other models count tokens (openai-usage.ts, transcriptionUsage), so its "token" rate is the
 * price of a million seconds, rounded up to the µ$.
 */
function perSecondPrice(raw: Record<string, RawPrice>): ModelPrice | null {
  const hourly = raw.input_audio_hours ?? raw.audio_hours;
  if (typeof hourly !== "number") return null;
  const perMillionSeconds = (usdPerMtokToMicros(hourly) * 1_000_000n + 3_599n) / 3_600n;
  const rate = flatRate(perMillionSeconds);
  return Object.freeze({
    input: rate,
    output: flatRate(0n),
    cacheRead: rate,
    cacheWrite: rate,
    cacheWrite1h: rate,
    inputAudio: rate,
    source: "catalogue",
  });
}

function toModelPrice(raw: Record<string, RawPrice>): ModelPrice | null {
  const input = toRate(raw.input_mtok);
  if (!input) return perSecondPrice(raw);
  const cacheWrite = toRate(raw.cache_write_mtok) ?? input;
  const otherInput: Rate[] = [];
  const otherOutput: Rate[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (CLASS_KEYS.has(key) || !key.endsWith("_mtok")) continue;
    const rate = toRate(value);
    if (rate) (key.startsWith("output_") ? otherOutput : otherInput).push(rate);
  }
  const inputAudio = toRate(raw.input_audio_mtok);
  const outputAudio = toRate(raw.output_audio_mtok);
  const inputImage = toRate(raw.input_image_mtok);
  const outputImage = toRate(raw.output_image_mtok);
  return Object.freeze({
    input,
    output: toRate(raw.output_mtok) ?? flatRate(0n),
    cacheRead: toRate(raw.cache_read_mtok) ?? input,
    cacheWrite,
    cacheWrite1h: toRate(raw.cache_write_1h_mtok) ?? cacheWrite,
    ...(inputAudio ? { inputAudio } : {}),
    ...(outputAudio ? { outputAudio } : {}),
    ...(inputImage ? { inputImage } : {}),
    ...(outputImage ? { outputImage } : {}),
    ...(otherInput.length ? { otherInput } : {}),
    ...(otherOutput.length ? { otherOutput } : {}),
    source: "catalogue",
  });
}

function secondsOfDay(time: string): number {
  const [h = "0", m = "0", s = "0"] = time.replace(/Z$/i, "").split(":");
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

function toConstraint(raw: RawConstraint): PriceConstraint | null {
  if (raw === undefined) return null;
  if (raw.type === "start_date") return { startMs: Date.parse(raw.start_date) };
  if (raw.type === "time_of_date") return { startSec: secondsOfDay(raw.start_time), endSec: secondsOfDay(raw.end_time) };
  throw new Error(`unknown price constraint ${JSON.stringify(raw)}`);
}

function lookUp(catalogueId: string, model: string): PriceSchedule | null {
  try {
    const found = calcPrice({ input_tokens: 0 }, model, { providerId: catalogueId });
    if (!found) return null;
    const prices = found.model.prices as unknown;
    if (!Array.isArray(prices)) {
      const price = toModelPrice(prices as Record<string, RawPrice>);
      return price ? fixedSchedule(price) : null;
    }
    const entries = (prices as { constraint?: RawConstraint; prices: Record<string, RawPrice> }[]).map((p) => ({
      constraint: toConstraint(p.constraint),
      price: toModelPrice(p.prices),
    }));
    // A model the catalogue cannot price in some period is not priced at all (never a silent 0).
    if (entries.some((e) => e.price === null)) return null;
    return { entries: entries as PriceSchedule["entries"] };
  } catch {
    return null;
  }
}

const memo = new Map<string, PriceSchedule | null>();

/** Every catalogue price of a model at a provider, or null when the catalogue does not know it. */
export function catalogueSchedule(catalogueId: string, model: string): PriceSchedule | null {
  const key = `${catalogueId}\u0000${model}`;
  let schedule = memo.get(key);
  if (schedule === undefined) {
    schedule = lookUp(catalogueId, model);
    if (memo.size > 5_000) memo.clear();
    memo.set(key, schedule);
  }
  return schedule;
}

/** The catalogue's quote for a request starting at `atMs`, or null when the catalogue does not know the model. */
export function catalogueQuote(catalogueId: string, model: string, atMs: number): PriceQuote | null {
  const schedule = catalogueSchedule(catalogueId, model);
  return schedule ? quoteAt(schedule, atMs) : null;
}

/** The catalogue price of a model in force at `atMs` (default: now), or null when the catalogue does not know it. */
export function cataloguePrice(catalogueId: string, model: string, atMs = Date.now()): ModelPrice | null {
  return catalogueQuote(catalogueId, model, atMs)?.now ?? null;
}
