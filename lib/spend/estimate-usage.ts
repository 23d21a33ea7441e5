/**
 * Usage for a request whose provider never reported it (client abort, upstream cut, timeout): the
 * counts that did arrive (Anthropic's input counts) plus an estimate of the rest from what was
 * sent and streamed, at about four characters per token, bounded by the request's own limits.
 */
import { ZERO_USAGE, type MeterResult, type RequestFacts, type TokenUsage } from "@/lib/providers/types";

export const CHARS_PER_TOKEN = 4;

export function estimateUsage(facts: RequestFacts | null, meter: MeterResult, bodyBytes: number): TokenUsage {
  const known = meter.usage ?? ZERO_USAGE;
  const inputGuess = Math.ceil(bodyBytes / CHARS_PER_TOKEN);
  const inputTokens = known.inputTokens > 0 ? known.inputTokens : facts ? Math.min(inputGuess, facts.inputTokensBound) : inputGuess;
  let outputTokens = Math.max(known.outputTokens, Math.ceil(meter.outputChars / CHARS_PER_TOKEN));
  if (facts?.maxOutputTokens) outputTokens = Math.min(outputTokens, facts.maxOutputTokens * facts.outputMultiplier);
  return { ...known, inputTokens, outputTokens };
}
