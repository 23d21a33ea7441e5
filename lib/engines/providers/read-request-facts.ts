/**
 * Facts the proxy needs from a checked JSON request body, read the same way for every provider from
 * a `RequestShape` its adapter supplies (where the model, the stream flag, the output bound and the
 * output count live): the model, whether it streams, the client's output bound and where the bound
 * is written, how many outputs the request asks for, and what its attachments add to the input bound.
 *
 * The input bound (computed by the proxy on the body it forwards, see withInputBound): byte-level
 * BPE tokenizers never produce more tokens than the UTF-8 bytes they encode, so the forwarded
 * body's byte length bounds its text (JSON syntax covers the per-message overhead); each attachment
 * that a URL can stand for (image, audio, file) adds ATTACHMENT_TOKENS.
 *
 * The output bound: the output-count fields (`n` / `best_of`) multiply it, as may the request
 * itself (legacy completions answer every prompt of an array). The bound is written into every
 * bound field the client sent, and into the provider's own field when the client sent none that the
 * provider honours (DeepSeek ignores `max_completion_tokens`): the provider never generates more
 * than the vault reserved for. A bound or count field that is not a positive integer (`"5"`, `2.5`)
 * is refused: a provider that coerces it would not be bounded by it.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { assertPathWritable, valueAt, withValueAt, type Body } from "@/lib/engines/providers/body-paths";
import type { BodyFacts, ProviderRequest, RequestFacts, RequestField } from "@/lib/engines/providers/types";

export const ATTACHMENT_TOKENS = 6_000;

/** Where an adapter's API keeps what the vault reads and writes. */
export type RequestShape = {
  /** The model's name: a body path ("model"), or the path (a `{model}` parameter). */
  readonly model: RequestField;
  /** Whether the answer streams: `true` at a body path ("stream"), or a function (the endpoint itself). */
  readonly stream: RequestField;
  /** Dotted body paths that bound the output tokens, most preferred first (none: no output bound). */
  readonly maxTokensFields: readonly string[];
  /** The bound fields the provider honours, its own first (default: the first of maxTokensFields). */
  readonly honouredFields?: readonly string[];
  /** Dotted body paths whose positive integers multiply the outputs (`n`, `best_of`); read only when there is a bound. */
  readonly outputCountFields: readonly string[];
  /** Outputs per request beyond the count fields (legacy completions: one per prompt). */
  readonly outputsPerRequest?: (body: Body) => number;
  /** An object of the body that stands for an attachment (an image or file part). */
  readonly isAttachment: (node: Body) => boolean;
  /** The request asks the model to reason (`reasoning_effort`, `thinking`, ...). */
  readonly asksForReasoning: (body: Body) => boolean;
  /** Model names that reason by default (matched after any vendor prefix, lower case). */
  readonly reasoningModels: readonly RegExp[];
  /** The client asked for streamed usage itself (OpenAI `stream_options.include_usage`). */
  readonly clientWantsStreamUsage?: (body: Body) => boolean;
};

const ATTACHMENT_TYPES = new Set(["image_url", "input_image", "image", "input_audio", "file", "input_file", "document", "audio"]);

/** Content parts typed as an image, audio or file (OpenAI's and Anthropic's `type`s). */
export function typedAttachment(node: Body): boolean {
  return ATTACHMENT_TYPES.has(node.type as string);
}

function countAttachments(value: unknown, isAttachment: (node: Body) => boolean, depth = 0): number {
  if (depth > 64 || value === null || typeof value !== "object") return 0;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + countAttachments(v, isAttachment, depth + 1), 0);
  let n = isAttachment(value as Body) ? 1 : 0;
  for (const v of Object.values(value)) if (v !== null && typeof v === "object") n += countAttachments(v, isAttachment, depth + 1);
  return n;
}

/** A positive integer, null when absent; a present value of any other kind is refused. */
function positiveInt(body: Body, field: string): number | null {
  assertPathWritable(body, field);
  const value = valueAt(body, field);
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  throw new VaultError("invalid_request", `\`${field}\` must be a positive integer.`, { field });
}

function read(request: ProviderRequest, field: RequestField): unknown {
  return typeof field === "function" ? field(request) : valueAt(request.body, field);
}

/** `reasoning_effort` (chat), `reasoning` (Responses, OpenRouter), `thinking` (Anthropic), unless turned off. */
export function asksForReasoning(body: Body): boolean {
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

function reasonsByDefault(model: string | null, patterns: readonly RegExp[]): boolean {
  if (model === null) return false;
  const name = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
  return patterns.some((r) => r.test(name));
}

export function readRequestFacts(request: ProviderRequest, shape: RequestShape): BodyFacts {
  const { body } = request;
  const fields = shape.maxTokensFields;
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
    outputMultiplier = Math.max(1, ...shape.outputCountFields.map((f) => positiveInt(body, f) ?? 1));
    if (shape.outputsPerRequest) outputMultiplier *= shape.outputsPerRequest(body);
  }
  const honoured = shape.honouredFields ?? fields.slice(0, 1);
  const own = fields.length ? (honoured[0] ?? fields[0]) : undefined;
  const outputLimitFields = own !== undefined && !sent.some((f) => honoured.includes(f)) ? [...sent, own] : sent;
  const modelValue = read(request, shape.model);
  const model = typeof modelValue === "string" ? modelValue : null;
  return {
    model,
    stream: read(request, shape.stream) === true,
    maxOutputTokens,
    outputLimitFields,
    outputMultiplier,
    attachmentTokens: countAttachments(body, shape.isAttachment) * ATTACHMENT_TOKENS,
    clientWantsStreamUsage: shape.clientWantsStreamUsage?.(body) ?? false,
    reasoning: shape.asksForReasoning(body) || reasonsByDefault(model, shape.reasoningModels),
  };
}

/** The facts with the input bound of the body actually forwarded (its bytes, plus the attachments). */
export function withInputBound(facts: BodyFacts, forwardedBytes: number): RequestFacts {
  return { ...facts, inputTokensBound: facts.knownInputTokens ?? forwardedBytes + facts.attachmentTokens };
}

/** Writes the output bound into every path of `facts.outputLimitFields` (a copy of the body). */
export function withMaxOutputTokens(facts: BodyFacts, body: Body, limit: number): Body {
  let next = { ...body };
  for (const field of facts.outputLimitFields) next = withValueAt(next, field, limit);
  return next;
}
