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

export const FREE_PRICE: ModelPrice = Object.freeze({
  input: flatRate(0n),
  output: flatRate(0n),
  cacheRead: flatRate(0n),
  cacheWrite: flatRate(0n),
  cacheWrite1h: flatRate(0n),
  source: "free",
});
