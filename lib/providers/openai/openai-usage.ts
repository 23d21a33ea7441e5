/**
 * OpenAI-style usage objects -> TokenUsage. Chat/completions/embeddings report prompt_tokens and
 * completion_tokens (cached_tokens and reasoning_tokens are subsets); the Responses API reports
 * input_tokens and output_tokens with the same subsets. Some compatible providers (Google's OpenAI
 * endpoint) leave reasoning tokens out of completion_tokens and bill them on top: when total_tokens
 * says so, they are added to the output. DeepSeek reports cache hits as prompt_cache_hit_tokens.
 */
import type { TokenUsage } from "@/lib/providers/types";

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

export function chatUsage(usage: Obj): TokenUsage {
  const input = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  const reasoning = count(obj(usage.completion_tokens_details)?.reasoning_tokens);
  const cached = count(obj(usage.prompt_tokens_details)?.cached_tokens) || count(usage.prompt_cache_hit_tokens);
  const total = typeof usage.total_tokens === "number" ? usage.total_tokens : null;
  const reasoningOnTop = reasoning > 0 && total !== null && total === input + completion + reasoning;
  return {
    inputTokens: input,
    outputTokens: completion + (reasoningOnTop ? reasoning : 0),
    cacheReadTokens: Math.min(cached, input),
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: reasoning,
  };
}

export function responsesUsage(usage: Obj): TokenUsage {
  const input = count(usage.input_tokens);
  return {
    inputTokens: input,
    outputTokens: count(usage.output_tokens),
    cacheReadTokens: Math.min(count(obj(usage.input_tokens_details)?.cached_tokens), input),
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: count(obj(usage.output_tokens_details)?.reasoning_tokens),
  };
}
