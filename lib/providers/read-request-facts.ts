/**
 * Facts the proxy needs from a checked JSON request body, the same for every dialect: the model,
 * whether it streams, the client's output bound and an upper bound on the input tokens.
 *
 * The input bound: byte-level BPE tokenizers never produce more tokens than the UTF-8 bytes they
 * encode, so the body's byte length bounds its text (JSON syntax covers the per-message overhead);
 * each attachment that a URL can stand for (image, audio, file) adds ATTACHMENT_TOKENS.
 */
import type { Endpoint, RequestFacts } from "@/lib/providers/types";

export const ATTACHMENT_TOKENS = 6_000;
const ATTACHMENT_TYPES = new Set(["image_url", "input_image", "image", "input_audio", "file", "input_file", "document", "audio"]);

function countAttachments(value: unknown, depth = 0): number {
  if (depth > 64 || value === null || typeof value !== "object") return 0;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + countAttachments(v, depth + 1), 0);
  let n = ATTACHMENT_TYPES.has((value as { type?: unknown }).type as string) ? 1 : 0;
  for (const v of Object.values(value)) if (v !== null && typeof v === "object") n += countAttachments(v, depth + 1);
  return n;
}

function positiveInt(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : null;
}

export function readRequestFacts(
  endpoint: Endpoint,
  body: Record<string, unknown>,
  bodyBytes: number,
  defaultMaxTokensField: string | null,
  clientWantsStreamUsage: boolean,
): RequestFacts {
  const fields = endpoint.maxTokensFields ?? [];
  let maxOutputTokens: number | null = null;
  let maxTokensField: string | null = null;
  for (const field of fields) {
    const value = positiveInt(body[field]);
    if (value !== null && (maxOutputTokens === null || value < maxOutputTokens)) {
      maxOutputTokens = value;
      maxTokensField ??= field;
    }
  }
  // Several choices (`n`) or candidates (`best_of`) each produce up to the bound.
  const outputMultiplier = Math.max(positiveInt(body.n) ?? 1, positiveInt(body.best_of) ?? 1);
  return {
    model: typeof body.model === "string" ? body.model : null,
    stream: body.stream === true,
    maxOutputTokens,
    maxTokensField: maxTokensField ?? (fields.length ? (defaultMaxTokensField ?? fields[0]!) : null),
    outputMultiplier,
    inputTokensBound: bodyBytes + countAttachments(body) * ATTACHMENT_TOKENS,
    clientWantsStreamUsage,
  };
}

/** Writes an output bound: every bound field present is lowered to it, or the default one is set. */
export function withMaxOutputTokens(endpoint: Endpoint, body: Record<string, unknown>, field: string, limit: number): Record<string, unknown> {
  const next = { ...body };
  let present = false;
  for (const f of endpoint.maxTokensFields ?? []) {
    const value = positiveInt(body[f]);
    if (value !== null) {
      present = true;
      next[f] = Math.min(value, limit);
    }
  }
  if (!present) next[field] = limit;
  return next;
}
