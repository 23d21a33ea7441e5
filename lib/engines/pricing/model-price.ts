/**
 * A model's prices in integer micro-dollars per million tokens, per token class. A rate may step up
 * with the request's total input tokens (long-context tiers: the tier applies to the whole request
 * once its input exceeds `start`, as the catalogue defines it).
 */
export type Rate = { readonly base: bigint; readonly tiers: readonly { readonly start: number; readonly price: bigint }[] };

export type ModelPrice = {
  readonly input: Rate;
  readonly output: Rate;
  readonly cacheRead: Rate;
  /** 5-minute cache writes (Anthropic's default TTL). */
  readonly cacheWrite: Rate;
  readonly cacheWrite1h: Rate;
  /** Audio tokens, where the price list bills them apart (absent: at the text rate). */
  readonly inputAudio?: Rate;
  readonly outputAudio?: Rate;
  /** Image tokens, where the price list bills them apart (absent: at the text rate). */
  readonly inputImage?: Rate;
  readonly outputImage?: Rate;
  /**
   * Every other rate an input or output token of this model can be billed at (images, video, cached
   * audio, reasoning, ...). Usage does not tell these classes apart, so only the reservation uses
   * them: it reserves every token at the dearest rate of its side.
   */
  readonly otherInput?: readonly Rate[];
  readonly otherOutput?: readonly Rate[];
  readonly source: "override" | "catalogue" | "free";
};

export function flatRate(microsPerMtok: bigint): Rate {
  return { base: microsPerMtok, tiers: [] };
}

/** The rate for a request with this many input tokens in total. */
export function rateAt(rate: Rate, totalInputTokens: number): bigint {
  let price = rate.base;
  for (const tier of rate.tiers) if (totalInputTokens > tier.start) price = tier.price;
  return price;
}

/** The highest price a rate can reach for a request of at most this many input tokens. */
export function maxRateUpTo(rate: Rate, inputTokensBound: number): bigint {
  let max = rate.base;
  for (const tier of rate.tiers) if (inputTokensBound > tier.start && tier.price > max) max = tier.price;
  return max;
}

/** A rate at least as high as both, at every input size (the same object when one already is). */
export function dearerRate(a: Rate, b: Rate): Rate {
  if (a === b) return a;
  const starts = [...new Set([...a.tiers, ...b.tiers].map((t) => t.start))].sort((x, y) => x - y);
  const max = (n: number) => {
    const x = rateAt(a, n);
    const y = rateAt(b, n);
    return x > y ? x : y;
  };
  const merged: Rate = { base: a.base > b.base ? a.base : b.base, tiers: starts.map((start) => ({ start, price: max(start + 1) })) };
  const same = (r: Rate) =>
    r.base === merged.base &&
    r.tiers.length === merged.tiers.length &&
    r.tiers.every((t, i) => t.start === merged.tiers[i]!.start && t.price === merged.tiers[i]!.price);
  return same(a) ? a : same(b) ? b : merged;
}

/** Every rate an input token can be billed at. */
export function inputSideRates(price: ModelPrice): Rate[] {
  const rates = [price.input, price.cacheRead, price.cacheWrite, price.cacheWrite1h];
  if (price.inputAudio) rates.push(price.inputAudio);
  if (price.inputImage) rates.push(price.inputImage);
  if (price.otherInput) rates.push(...price.otherInput);
  return rates;
}

/** Every rate an output token can be billed at. */
export function outputSideRates(price: ModelPrice): Rate[] {
  const rates = [price.output];
  if (price.outputAudio) rates.push(price.outputAudio);
  if (price.outputImage) rates.push(price.outputImage);
  if (price.otherOutput) rates.push(...price.otherOutput);
  return rates;
}

/**
 * A price at least as high as both in every token class (the model's price now and at its next
 * scheduled change): what a request that may straddle the change is reserved at.
 */
export function dearerPrice(a: ModelPrice, b: ModelPrice): ModelPrice {
  if (a === b) return a;
  const audioIn = a.inputAudio || b.inputAudio ? dearerRate(a.inputAudio ?? a.input, b.inputAudio ?? b.input) : undefined;
  const audioOut = a.outputAudio || b.outputAudio ? dearerRate(a.outputAudio ?? a.output, b.outputAudio ?? b.output) : undefined;
  const imageIn = a.inputImage || b.inputImage ? dearerRate(a.inputImage ?? a.input, b.inputImage ?? b.input) : undefined;
  const imageOut = a.outputImage || b.outputImage ? dearerRate(a.outputImage ?? a.output, b.outputImage ?? b.output) : undefined;
  return Object.freeze({
    input: dearerRate(a.input, b.input),
    output: dearerRate(a.output, b.output),
    cacheRead: dearerRate(a.cacheRead, b.cacheRead),
    cacheWrite: dearerRate(a.cacheWrite, b.cacheWrite),
    cacheWrite1h: dearerRate(a.cacheWrite1h, b.cacheWrite1h),
    ...(audioIn ? { inputAudio: audioIn } : {}),
    ...(audioOut ? { outputAudio: audioOut } : {}),
    ...(imageIn ? { inputImage: imageIn } : {}),
    ...(imageOut ? { outputImage: imageOut } : {}),
    otherInput: [...(a.otherInput ?? []), ...(b.otherInput ?? [])],
    otherOutput: [...(a.otherOutput ?? []), ...(b.otherOutput ?? [])],
    source: a.source,
  });
}

export const FREE_PRICE: ModelPrice = Object.freeze({
  input: flatRate(0n),
  output: flatRate(0n),
  cacheRead: flatRate(0n),
  cacheWrite: flatRate(0n),
  cacheWrite1h: flatRate(0n),
  source: "free",
});
