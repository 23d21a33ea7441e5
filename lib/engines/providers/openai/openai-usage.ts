/**
 * OpenAI-style usage objects -> TokenUsage. Chat/completions/embeddings report prompt_tokens and
 * completion_tokens (cached_tokens, audio_tokens and reasoning_tokens are subsets); the Responses API
 * reports input_tokens and output_tokens with the same subsets. Some compatible providers (Google's
 * OpenAI endpoint) leave reasoning ("thought") tokens out of completion_tokens and bill them on top,
 * with or without completion_tokens_details: whatever total_tokens counts beyond the prompt is billed
 * output (output = max(completion, total - prompt)). A provider that reports cache hits in a field
 * of its own (DeepSeek's prompt_cache_hit_tokens) names it in its registry row.
 */
import type { TokenUsage } from "@/lib/engines/providers/types";

type Obj = Record<string, unknown>;

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined;
}

export function isUsageObject(value: unknown): value is Obj {
  return obj(value) !== undefined;
}

/** Audio subsets, only when reported (absent = none). */
function audio(inputDetails: Obj | undefined, outputDetails: Obj | undefined, input: number, output: number): Partial<TokenUsage> {
  const audioIn = Math.min(count(inputDetails?.audio_tokens), input);
  const audioOut = Math.min(count(outputDetails?.audio_tokens), output);
  return { ...(audioIn ? { inputAudioTokens: audioIn } : {}), ...(audioOut ? { outputAudioTokens: audioOut } : {}) };
}

/** `cacheReadFields`: the provider's own cache-hit fields, read when `cached_tokens` reports none. */
export function chatUsage(usage: Obj, cacheReadFields: readonly string[] = []): TokenUsage {
  const input = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  const inputDetails = obj(usage.prompt_tokens_details);
  const outputDetails = obj(usage.completion_tokens_details);
  const reasoning = count(outputDetails?.reasoning_tokens);
  let cached = count(inputDetails?.cached_tokens);
  for (const field of cacheReadFields) cached ||= count(usage[field]);
  const beyondPrompt = count(usage.total_tokens) - input;
  const output = Math.max(completion, beyondPrompt);
  return {
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: Math.min(cached, input),
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    // what total_tokens counts beyond prompt and completion is reasoning billed on top
    reasoningTokens: Math.min(Math.max(reasoning, output - completion), output),
    ...audio(inputDetails, outputDetails, input, output),
  };
}

export function responsesUsage(usage: Obj): TokenUsage {
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  const inputDetails = obj(usage.input_tokens_details);
  const outputDetails = obj(usage.output_tokens_details);
  return {
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: Math.min(count(inputDetails?.cached_tokens), input),
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: count(outputDetails?.reasoning_tokens),
    ...audio(inputDetails, outputDetails, input, output),
  };
}

/**
 * The Images API's usage (gpt-image models): `input_tokens` with `input_tokens_details.image_tokens`
 * (the edited images) and `text_tokens`; `output_tokens`, all of them image tokens unless
 * `output_tokens_details` says otherwise.
 */
export function imagesUsage(usage: Obj): TokenUsage {
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  const inputDetails = obj(usage.input_tokens_details);
  const outputDetails = obj(usage.output_tokens_details);
  const imageIn = Math.min(count(inputDetails?.image_tokens), input);
  const imageOut = outputDetails && outputDetails.image_tokens !== undefined ? Math.min(count(outputDetails.image_tokens), output) : output;
  return {
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: Math.min(count(inputDetails?.cached_tokens), input - imageIn),
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: 0,
    ...(imageIn ? { inputImageTokens: imageIn } : {}),
    ...(imageOut ? { outputImageTokens: imageOut } : {}),
  };
}

/**
 * The usage of a transcription or translation: `type: "tokens"` (input tokens with
 * `input_token_details.audio_tokens` / `text_tokens`, output tokens), or `type: "duration"` with
 * `seconds` (per-second models, whose "tokens" are seconds: see catalogue-price.ts).
 */
export function transcriptionUsage(usage: Obj): TokenUsage {
  if (usage.type === "duration") return secondsUsage(usage.seconds);
  const input = count(usage.input_tokens);
  const details = obj(usage.input_token_details) ?? obj(usage.input_tokens_details);
  const audioIn = Math.min(count(details?.audio_tokens), input);
  return {
    inputTokens: input,
    outputTokens: count(usage.output_tokens),
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: 0,
    ...(audioIn ? { inputAudioTokens: audioIn } : {}),
  };
}

/** Seconds of audio (rounded up) as a per-second model's input. */
export function secondsUsage(seconds: unknown): TokenUsage {
  const s = typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 0;
  return {
    inputTokens: s,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: 0,
    ...(s ? { inputAudioTokens: s } : {}),
  };
}

/** The usage of a speech call (`speech.audio.done`): text input, audio output. */
export function speechUsage(usage: Obj): TokenUsage {
  const output = count(usage.output_tokens);
  return {
    inputTokens: count(usage.input_tokens),
    outputTokens: output,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: 0,
    ...(output ? { outputAudioTokens: output } : {}),
  };
}
