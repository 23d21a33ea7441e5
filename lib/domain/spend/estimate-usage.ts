/**
 * Usage for a request whose provider never reported it (client abort, upstream cut, timeout): the
 * counts that did arrive (Anthropic's input counts) plus an estimate of the rest, bounded by the
 * request's own limits. Input: once the provider answered it had read the whole prompt, so the input
 * is charged at its bound (the forwarded body's bytes plus its attachments: an upper bound, never
 * an under-estimate); before an answer, at about four bytes per token of the body. Output: about
 * four characters per token of what was streamed, or the output bound once the provider answered
 * with output the vault cannot count (audio, images: `outputUnseen`).
 */
import { ZERO_USAGE, type MeterResult, type RequestFacts, type TokenUsage } from "@/lib/engines/providers/types";

export const CHARS_PER_TOKEN = 4;

export function estimateUsage(facts: RequestFacts | null, meter: MeterResult, bodyBytes: number, answered: boolean): TokenUsage {
  const known = meter.usage ?? ZERO_USAGE;
  const inputGuess = Math.ceil(bodyBytes / CHARS_PER_TOKEN);
  const inputTokens =
    known.inputTokens > 0
      ? known.inputTokens
      : !facts
        ? inputGuess
        : answered
          ? facts.inputTokensBound
          : Math.min(inputGuess, facts.inputTokensBound);
  let outputTokens = Math.max(known.outputTokens, Math.ceil(meter.outputChars / CHARS_PER_TOKEN));
  if (answered && facts?.outputUnseen && facts.maxOutputTokens) outputTokens = facts.maxOutputTokens * facts.outputMultiplier;
  if (facts?.maxOutputTokens) outputTokens = Math.min(outputTokens, facts.maxOutputTokens * facts.outputMultiplier);
  return { ...known, inputTokens, outputTokens };
}
