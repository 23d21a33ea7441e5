/**
 * Facts the proxy needs from a checked JSON request body, the same for every dialect: the model,
 * whether it streams, the client's output bound and where the bound is written, how many outputs
 * the request asks for, and what its attachments add to the input bound.
 *
 * The input bound (computed by the proxy on the body it forwards, see inputTokensBound): byte-level
 * BPE tokenizers never produce more tokens than the UTF-8 bytes they encode, so the forwarded
 * body's byte length bounds its text (JSON syntax covers the per-message overhead); each attachment
 * that a URL can stand for (image, audio, file) adds ATTACHMENT_TOKENS.
 *
 * The output bound: `n` / `best_of` outputs per prompt (legacy completions take an array of
 * prompts, each answered `n` times), each of at most the bound. The bound is written into every
 * bound field the client sent, and into the provider's own field when the client sent none that
 * the provider honours (DeepSeek ignores `max_completion_tokens`): the provider never generates
 * more than the vault reserved for. A bound field, `n` or `best_of` that is not a positive integer
 * (`"5"`, `2.5`) is refused: a provider that coerces it would not be bounded by it.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { BodyFacts, Endpoint, RequestFacts } from "@/lib/engines/providers/types";

export const ATTACHMENT_TOKENS = 6_000;
const ATTACHMENT_TYPES = new Set(["image_url", "input_image", "image", "input_audio", "file", "input_file", "document", "audio"]);

function countAttachments(value: unknown, depth = 0): number {
  if (depth > 64 || value === null || typeof value !== "object") return 0;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + countAttachments(v, depth + 1), 0);
  let n = ATTACHMENT_TYPES.has((value as { type?: unknown }).type as string) ? 1 : 0;
  for (const v of Object.values(value)) if (v !== null && typeof v === "object") n += countAttachments(v, depth + 1);
  return n;
}

/** A positive integer, null when absent; a present value of any other kind is refused. */
function positiveInt(body: Record<string, unknown>, field: string): number | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  throw new VaultError("invalid_request", `\`${field}\` must be a positive integer.`, { field });
}

/** How many prompts a legacy completions request answers: an array of strings or of token arrays is one each. */
function promptCount(prompt: unknown): number {
  if (!Array.isArray(prompt) || prompt.length === 0) return 1;
  return prompt.every((p) => typeof p === "number") ? 1 : prompt.length;
}

/**
 * Models that reason by default, whatever the request says (the part after a vendor prefix such as
 * OpenRouter's `openai/`): OpenAI o-series and GPT-5 (not its chat variants), DeepSeek R1, Gemini 2.5
 * Pro / Flash and later, Grok 3 mini and Grok 4, and models named for thinking or reasoning.
 */
const DEFAULT_REASONERS = [
  /^o\d/,
  /^gpt-5(?!.*chat)/,
  /deepseek-(reasoner|r1)/,
  /^gemini-(2\.5-(pro|flash(?!-lite))|[3-9])/,
  /^grok-(3-mini|[4-9])/,
  /qwq|magistral|thinking|reason/,
];

function reasonsByDefault(model: unknown): boolean {
  if (typeof model !== "string") return false;
  const name = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
  return DEFAULT_REASONERS.some((r) => r.test(name));
}

/** `reasoning_effort` (chat), `reasoning` (Responses, OpenRouter), `thinking` (Anthropic), unless turned off. */
function asksForReasoning(body: Record<string, unknown>): boolean {
  const effort = body.reasoning_effort;
  if (typeof effort === "string" && effort !== "none") return true;
  const reasoning = body.reasoning;
  if (reasoning !== null && typeof reasoning === "object") {
    const r = reasoning as { effort?: unknown; enabled?: unknown };
    if (r.enabled !== false && r.effort !== "none") return true;
  }
  const thinking = body.thinking as { type?: unknown } | null | undefined;
  return !!thinking && typeof thinking === "object" && thinking.type !== "disabled";
}

export function readRequestFacts(
  endpoint: Endpoint,
  body: Record<string, unknown>,
  /** The bound fields the provider honours on this endpoint, its own first (default: the endpoint's first). */
  honouredFields: readonly string[] | null,
  clientWantsStreamUsage: boolean,
): BodyFacts {
  const fields = endpoint.maxTokensFields ?? [];
  let maxOutputTokens: number | null = null;
  const sent: string[] = [];
  for (const field of fields) {
    const value = positiveInt(body, field);
    if (value === null) continue;
    sent.push(field);
    if (maxOutputTokens === null || value < maxOutputTokens) maxOutputTokens = value;
  }
  let outputMultiplier = 1;
  if (fields.length) {
    outputMultiplier = Math.max(positiveInt(body, "n") ?? 1, positiveInt(body, "best_of") ?? 1);
    if (endpoint.usage === "completions") outputMultiplier *= promptCount(body.prompt);
  }
  const honoured = honouredFields ?? fields.slice(0, 1);
  const outputLimitFields = fields.length && !sent.some((f) => honoured.includes(f)) ? [...sent, honoured[0] ?? fields[0]!] : sent;
  return {
    model: typeof body.model === "string" ? body.model : null,
    stream: body.stream === true,
    maxOutputTokens,
    outputLimitFields,
    outputMultiplier,
    attachmentTokens: countAttachments(body) * ATTACHMENT_TOKENS,
    clientWantsStreamUsage,
    reasoning: asksForReasoning(body) || reasonsByDefault(body.model),
  };
}

/** The facts with the input bound of the body actually forwarded (its bytes, plus the attachments). */
export function withInputBound(facts: BodyFacts, forwardedBytes: number): RequestFacts {
  return { ...facts, inputTokensBound: forwardedBytes + facts.attachmentTokens };
}

/** Writes the output bound into every field of `facts.outputLimitFields`. */
export function withMaxOutputTokens(facts: BodyFacts, body: Record<string, unknown>, limit: number): Record<string, unknown> {
  const next = { ...body };
  for (const field of facts.outputLimitFields) next[field] = limit;
  return next;
}
