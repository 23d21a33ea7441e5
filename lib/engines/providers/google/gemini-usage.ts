/**
 * Gemini's `usageMetadata` -> TokenUsage. Unlike OpenAI's and Anthropic's subset counts:
 * - `promptTokenCount` includes the cached tokens (`cachedContentTokenCount`, a subset read from the
 *   cache) but not `toolUsePromptTokenCount` (what server-side tools fed back to the model), which is
 *   billed as input on top;
 * - `thoughtsTokenCount` is NOT part of `candidatesTokenCount`: thoughts are billed as output and
 *   added to it (`totalTokenCount` = prompt + candidates + tool-use prompt + thoughts).
 * Modality details (`promptTokensDetails`, `cacheTokensDetails`, `candidatesTokensDetails`) give the
 * audio and image input (uncached) and output subsets, priced at their own rates where the catalogue
 * has them (Gemini 2.5 Flash Image: image output at $30/M against $2.50/M for text).
 */
import type { TokenUsage } from "@/lib/engines/providers/types";

type Obj = Record<string, unknown>;

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

export function isUsageMetadata(value: unknown): value is Obj {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The tokens of one modality in a `[{modality, tokenCount}]` list. */
function modality(details: unknown, name: string): number {
  if (!Array.isArray(details)) return 0;
  let n = 0;
  for (const d of details) if (d && typeof d === "object" && (d as Obj).modality === name) n += count((d as Obj).tokenCount);
  return n;
}

export function geminiUsage(m: Obj): TokenUsage {
  const prompt = count(m.promptTokenCount);
  const toolUse = count(m.toolUsePromptTokenCount);
  const cached = Math.min(count(m.cachedContentTokenCount), prompt);
  const thoughts = count(m.thoughtsTokenCount);
  const output = count(m.candidatesTokenCount) + thoughts;
  const audioIn = Math.min(
    Math.max(0, modality(m.promptTokensDetails, "AUDIO") - modality(m.cacheTokensDetails, "AUDIO")),
    prompt - cached,
  );
  const audioOut = Math.min(modality(m.candidatesTokensDetails, "AUDIO"), output);
  const uncached = (name: string) => Math.max(0, modality(m.promptTokensDetails, name) - modality(m.cacheTokensDetails, name));
  const imageIn = Math.min(uncached("IMAGE"), Math.max(0, prompt - cached - audioIn));
  const imageOut = Math.min(modality(m.candidatesTokensDetails, "IMAGE"), output - audioOut);
  return {
    inputTokens: prompt + toolUse,
    outputTokens: output,
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: thoughts,
    ...(audioIn ? { inputAudioTokens: audioIn } : {}),
    ...(audioOut ? { outputAudioTokens: audioOut } : {}),
    ...(imageIn ? { inputImageTokens: imageIn } : {}),
    ...(imageOut ? { outputImageTokens: imageOut } : {}),
  };
}
