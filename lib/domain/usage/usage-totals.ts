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

type Sums = {
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  cacheWrite1hTokens: number | null;
  reasoningTokens: number | null;
  inputAudioTokens?: number | null;
  outputAudioTokens?: number | null;
  inputImageTokens?: number | null;
  outputImageTokens?: number | null;
  costMicros: bigint | null;
};

export function totalsFromSums(requests: number, s: Sums): UsageTotals {
  return {
    requests,
    input_tokens: s.inputTokens ?? 0,
    output_tokens: s.outputTokens ?? 0,
    cache_read_tokens: s.cacheReadTokens ?? 0,
    cache_write_tokens: s.cacheWriteTokens ?? 0,
    cache_write_1h_tokens: s.cacheWrite1hTokens ?? 0,
    reasoning_tokens: s.reasoningTokens ?? 0,
    input_audio_tokens: s.inputAudioTokens ?? 0,
    output_audio_tokens: s.outputAudioTokens ?? 0,
    input_image_tokens: s.inputImageTokens ?? 0,
    output_image_tokens: s.outputImageTokens ?? 0,
    costMicros: s.costMicros ?? 0n,
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
