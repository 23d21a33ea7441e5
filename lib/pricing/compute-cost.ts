/**
 * Cost of a request in integer micro-dollars: each token class times its rate (µ$ per million
 * tokens), summed exactly in bigint, then divided by one million and rounded UP once per request
 * (the vault never undercharges by rounding). The reservation bound uses the same arithmetic.
 */
import { maxRateUpTo, rateAt, type ModelPrice } from "@/lib/pricing/model-price";
import type { TokenUsage } from "@/lib/providers/types";

const MTOK = 1_000_000n;

function ceilDiv(n: bigint, d: bigint): bigint {
  return (n + d - 1n) / d;
}

export function computeCostMicros(price: ModelPrice, usage: TokenUsage): bigint {
  const total = usage.inputTokens;
  const cacheWrite1h = Math.min(usage.cacheWrite1hTokens, usage.cacheWriteTokens);
  const cacheWrite5m = usage.cacheWriteTokens - cacheWrite1h;
  const uncached = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  const scaled =
    BigInt(uncached) * rateAt(price.input, total) +
    BigInt(usage.cacheReadTokens) * rateAt(price.cacheRead, total) +
    BigInt(cacheWrite5m) * rateAt(price.cacheWrite, total) +
    BigInt(cacheWrite1h) * rateAt(price.cacheWrite1h, total) +
    BigInt(usage.outputTokens) * rateAt(price.output, total);
  return ceilDiv(scaled, MTOK);
}

/**
 * The most a request can cost: every input token at the dearest input-side rate (a cache write
 * costs more than plain input) plus every output token, at the highest tier the input can reach.
 */
export function maxCostMicros(price: ModelPrice, inputTokensBound: number, outputTokensBound: number): bigint {
  const inputRate = [price.input, price.cacheRead, price.cacheWrite, price.cacheWrite1h]
    .map((r) => maxRateUpTo(r, inputTokensBound))
    .reduce((a, b) => (b > a ? b : a));
  const scaled = BigInt(inputTokensBound) * inputRate + BigInt(outputTokensBound) * maxRateUpTo(price.output, inputTokensBound);
  return ceilDiv(scaled, MTOK);
}

/** Output tokens that fit in a budget once the input bound is paid for (0 when nothing fits). */
export function outputTokensWithin(price: ModelPrice, inputTokensBound: number, budgetMicros: bigint): number {
  const inputCost = maxCostMicros(price, inputTokensBound, 0);
  const outputRate = maxRateUpTo(price.output, inputTokensBound);
  if (budgetMicros <= inputCost) return 0;
  if (outputRate === 0n) return Number.MAX_SAFE_INTEGER;
  // (budget - inputCost) µ$ buys floor(x * 1e6 / rate) tokens; maxCostMicros rounds up, so stay below.
  const tokens = ((budgetMicros - inputCost) * MTOK) / outputRate;
  return Number(tokens > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : tokens);
}
