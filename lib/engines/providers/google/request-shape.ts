/**
 * Where Gemini's native requests keep what the vault reads and writes: the model in the path, the
 * stream in the method (`:streamGenerateContent`), the output bound at
 * `generationConfig.maxOutputTokens`, the candidates at `generationConfig.candidateCount`, media as
 * `inlineData` / `fileData` parts.
 *
 * Thinking: Gemini bills thought tokens as output on top of the answer. In practice
 * `maxOutputTokens` caps thoughts and answer together, but the API reference describes them apart
 * and `thinkingBudget` is only a target, so a request that may think is reserved for one more output
 * of the bound per candidate (thoughts up to the bound, then the answer up to the bound), and a
 * `thinkingBudget` above the bound is clamped to it; when the vault chooses the bound (injected or
 * clamped), a dynamic budget (`-1`) is clamped too. A budget of 0 turns thinking off. A budget that
 * is not an integer of at least -1 is refused.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { assertPathWritable, valueAt, withValueAt, type Body } from "@/lib/engines/providers/body-paths";
import { readRequestFacts, withMaxOutputTokens, type RequestShape } from "@/lib/engines/providers/read-request-facts";
import type { AdapterContext, BodyFacts, BodyRewrite, ProviderRequest } from "@/lib/engines/providers/types";
import { STREAM_GENERATE } from "@/lib/engines/providers/google/endpoints";

const THINKING_CONFIG = "generationConfig.thinkingConfig";
const THINKING_BUDGET = `${THINKING_CONFIG}.thinkingBudget`;

/** The client's thinking budget (null: none sent); -1 is dynamic, 0 is off. */
export function thinkingBudget(body: Body): number | null {
  assertPathWritable(body, THINKING_BUDGET);
  const value = valueAt(body, THINKING_BUDGET);
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= -1) return value;
  throw new VaultError("invalid_request", `\`${THINKING_BUDGET}\` must be an integer of at least -1.`, { field: THINKING_BUDGET });
}

/** The request asks for thinking: a budget other than 0, a thinking level, or thought summaries. */
function asksForThinking(body: Body): boolean {
  const config = valueAt(body, THINKING_CONFIG) as { thinkingBudget?: unknown; thinkingLevel?: unknown; includeThoughts?: unknown };
  if (!config || typeof config !== "object") return false;
  const budget = config.thinkingBudget;
  return (typeof budget === "number" && budget !== 0) || typeof config.thinkingLevel === "string" || config.includeThoughts === true;
}

/** `inlineData` (bytes in the body, counted by their size too) and `fileData` (a URI) parts stand for media. */
function isMedia(node: Body): boolean {
  return (node.inlineData !== undefined && node.inlineData !== null) || (node.fileData !== undefined && node.fileData !== null);
}

function geminiShape(request: ProviderRequest, context: AdapterContext): RequestShape {
  return {
    model: ({ endpoint }) => endpoint.params.model,
    stream: ({ endpoint }) => endpoint.name === STREAM_GENERATE,
    maxTokensFields: request.endpoint.maxTokensFields ?? [],
    outputCountFields: ["generationConfig.candidateCount"],
    isAttachment: isMedia,
    asksForReasoning: asksForThinking,
    reasoningModels: context.reasoningModels,
  };
}

export function geminiRequestFacts(request: ProviderRequest, context: AdapterContext): BodyFacts {
  const facts = readRequestFacts(request, geminiShape(request, context));
  if (facts.outputLimitFields.length === 0) return facts;
  const budget = thinkingBudget(request.body);
  const reasoning = facts.reasoning && budget !== 0;
  // thoughts, billed on top of the answer: one more output of the bound per candidate
  return { ...facts, reasoning, outputMultiplier: reasoning ? facts.outputMultiplier * 2 : facts.outputMultiplier };
}

/** The body with the vault's bound written in, and the thinking budget clamped to the bound in force. */
export function geminiRewrite(request: ProviderRequest, facts: BodyFacts, rewrite: BodyRewrite): Body {
  const { body } = request;
  if (facts.outputLimitFields.length === 0) return body;
  const next = rewrite.maxOutputTokens === undefined ? body : withMaxOutputTokens(facts, body, rewrite.maxOutputTokens);
  const bound = rewrite.maxOutputTokens ?? facts.maxOutputTokens;
  const budget = thinkingBudget(body);
  if (bound === null || budget === null) return next;
  const clamp = budget > bound || (budget === -1 && rewrite.maxOutputTokens !== undefined);
  return clamp ? withValueAt(next, THINKING_BUDGET, bound) : next;
}
