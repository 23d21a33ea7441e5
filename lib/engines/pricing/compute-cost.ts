/**
 * Cost of a request in integer micro-dollars: each token class times its rate (µ$ per million
 * tokens), summed exactly in bigint, then divided by one million and rounded UP once per request
 * (the vault never undercharges by rounding). The reservation bound uses the same arithmetic.
 */
import { inputSideRates, maxRateUpTo, outputSideRates, rateAt, type ModelPrice, type Rate } from "@/lib/engines/pricing/model-price";
import type { TokenUsage } from "@/lib/engines/providers/types";

const MTOK = 1_000_000n;

function ceilDiv(n: bigint, d: bigint): bigint {
  return (n + d - 1n) / d;
}

/**
 * Audio and image tokens (subsets of the uncached input and of the output, where the provider
 * reports them apart) are billed at the model's audio and image rates where it has them; the
 * uncached rest of the input and the rest of the output at the text rates.
 */
export function computeCostMicros(price: ModelPrice, usage: TokenUsage): bigint {
  const total = usage.inputTokens;
  const cacheWrite1h = Math.min(usage.cacheWrite1hTokens, usage.cacheWriteTokens);
  const cacheWrite5m = usage.cacheWriteTokens - cacheWrite1h;
  const uncached = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  const audioIn = Math.min(usage.inputAudioTokens ?? 0, uncached);
  const audioOut = Math.min(usage.outputAudioTokens ?? 0, usage.outputTokens);
  const imageIn = Math.min(usage.inputImageTokens ?? 0, uncached - audioIn);
  const imageOut = Math.min(usage.outputImageTokens ?? 0, usage.outputTokens - audioOut);
  const scaled =
    BigInt(uncached - audioIn - imageIn) * rateAt(price.input, total) +
    BigInt(audioIn) * rateAt(price.inputAudio ?? price.input, total) +
    BigInt(imageIn) * rateAt(price.inputImage ?? price.input, total) +
    BigInt(usage.cacheReadTokens) * rateAt(price.cacheRead, total) +
    BigInt(cacheWrite5m) * rateAt(price.cacheWrite, total) +
    BigInt(cacheWrite1h) * rateAt(price.cacheWrite1h, total) +
    BigInt(usage.outputTokens - audioOut - imageOut) * rateAt(price.output, total) +
    BigInt(audioOut) * rateAt(price.outputAudio ?? price.output, total) +
    BigInt(imageOut) * rateAt(price.outputImage ?? price.output, total);
  return ceilDiv(scaled, MTOK);
}

function dearest(rates: Rate[], inputTokensBound: number): bigint {
  return rates.map((r) => maxRateUpTo(r, inputTokensBound)).reduce((a, b) => (b > a ? b : a));
}

/**
 * The most a request can cost: every input token at the dearest input-side rate (a cache write
 * costs more than plain input, audio more than text) plus every output token at the dearest
 * output-side rate (audio, image), at the highest tier the input can reach.
 */
export function maxCostMicros(price: ModelPrice, inputTokensBound: number, outputTokensBound: number): bigint {
  const scaled =
    BigInt(inputTokensBound) * dearest(inputSideRates(price), inputTokensBound) +
    BigInt(outputTokensBound) * dearest(outputSideRates(price), inputTokensBound);
  return ceilDiv(scaled, MTOK);
}

/** Output tokens that fit in a budget once the input bound is paid for (0 when nothing fits). */
export function outputTokensWithin(price: ModelPrice, inputTokensBound: number, budgetMicros: bigint): number {
  const inputCost = maxCostMicros(price, inputTokensBound, 0);
  const outputRate = dearest(outputSideRates(price), inputTokensBound);
  if (budgetMicros <= inputCost) return 0;
  if (outputRate === 0n) return Number.MAX_SAFE_INTEGER;
  // (budget - inputCost) µ$ buys floor(x * 1e6 / rate) tokens; maxCostMicros rounds up, so stay below.
  const tokens = ((budgetMicros - inputCost) * MTOK) / outputRate;
  return Number(tokens > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : tokens);
}
