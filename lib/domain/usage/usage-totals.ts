/** Sums of token classes and cost over a set of usage events; µ$ stay bigint until the view. */
import { z } from "zod";

export const usageTotalsView = z.object({
  requests: z.number().int(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cache_read_tokens: z.number().int(),
  cache_write_tokens: z.number().int(),
  cache_write_1h_tokens: z.number().int(),
  reasoning_tokens: z.number().int(),
  input_audio_tokens: z.number().int(),
  output_audio_tokens: z.number().int(),
  input_image_tokens: z.number().int(),
  output_image_tokens: z.number().int(),
  cost_micros: z.string(),
});
type UsageTotalsView = z.infer<typeof usageTotalsView>;

export type UsageTotals = Omit<UsageTotalsView, "cost_micros"> & { costMicros: bigint };

export const ZERO_TOTALS: UsageTotals = Object.freeze({
  requests: 0,
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  cache_write_1h_tokens: 0,
  reasoning_tokens: 0,
  input_audio_tokens: 0,
  output_audio_tokens: 0,
  input_image_tokens: 0,
  output_image_tokens: 0,
  costMicros: 0n,
});

/** Prisma's `_sum` of the usage columns, as asked for by USAGE_SUMS. */
export const USAGE_SUMS = {
  inputTokens: true,
  outputTokens: true,
  cacheReadTokens: true,
  cacheWriteTokens: true,
  cacheWrite1hTokens: true,
  reasoningTokens: true,
  inputAudioTokens: true,
  outputAudioTokens: true,
  inputImageTokens: true,
  outputImageTokens: true,
  costMicros: true,
} as const;

/** A `_sum` of the USAGE_SUMS columns: numbers from the events, BigInts from the rollups, null when nothing matched. */
export type UsageSums = Partial<Record<Exclude<keyof typeof USAGE_SUMS, "costMicros">, number | bigint | null>> & {
  costMicros?: bigint | number | null;
};

const count = (v: number | bigint | null | undefined) => Number(v ?? 0);

export function totalsFromSums(requests: number | bigint, s: UsageSums): UsageTotals {
  return {
    requests: Number(requests),
    input_tokens: count(s.inputTokens),
    output_tokens: count(s.outputTokens),
    cache_read_tokens: count(s.cacheReadTokens),
    cache_write_tokens: count(s.cacheWriteTokens),
    cache_write_1h_tokens: count(s.cacheWrite1hTokens),
    reasoning_tokens: count(s.reasoningTokens),
    input_audio_tokens: count(s.inputAudioTokens),
    output_audio_tokens: count(s.outputAudioTokens),
    input_image_tokens: count(s.inputImageTokens),
    output_image_tokens: count(s.outputImageTokens),
    costMicros: BigInt(s.costMicros ?? 0),
  };
}

export function toUsageTotalsView(t: UsageTotals): UsageTotalsView {
  const { costMicros, ...counts } = t;
  return { ...counts, cost_micros: String(costMicros) };
}

export function addTotals(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    requests: a.requests + b.requests,
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    cache_read_tokens: a.cache_read_tokens + b.cache_read_tokens,
    cache_write_tokens: a.cache_write_tokens + b.cache_write_tokens,
    cache_write_1h_tokens: a.cache_write_1h_tokens + b.cache_write_1h_tokens,
    reasoning_tokens: a.reasoning_tokens + b.reasoning_tokens,
    input_audio_tokens: a.input_audio_tokens + b.input_audio_tokens,
    output_audio_tokens: a.output_audio_tokens + b.output_audio_tokens,
    input_image_tokens: a.input_image_tokens + b.input_image_tokens,
    output_image_tokens: a.output_image_tokens + b.output_image_tokens,
    costMicros: a.costMicros + b.costMicros,
  };
}
