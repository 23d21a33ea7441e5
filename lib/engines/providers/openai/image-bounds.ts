/**
 * The output bound of OpenAI's token-priced image models (images/generations, images/edits), read
 * from the request before the call: `n` images of `size` at `quality`, each at most the tokens of
 * OpenAI's published table (gpt-image-1 and gpt-image-1.5: low 272 / 408 / 400, medium 1056 / 1584
 * / 1568, high 4160 / 6240 / 6208 for 1024x1024 / 1024x1536 / 1536x1024; `auto` is the largest of
 * its row or column), plus 100 tokens per partial image a stream asks for. gpt-image-1-mini's
 * tokens are derived from its published prices per image (low $0.005 / $0.006, medium $0.011 /
 * $0.015, high $0.036 / $0.052 at $8 per million output tokens), rounded up. A model without a
 * table has no bound the vault can reserve: refused on capped grants (cost-bounds). Each input
 * image of an edit counts as an attachment. Form fields arrive as strings, JSON ones as numbers:
 * both are read.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { Body } from "@/lib/engines/providers/body-paths";
import { ATTACHMENT_TOKENS } from "@/lib/engines/providers/read-request-facts";
import type { BodyFacts, ProviderRequest } from "@/lib/engines/providers/types";

type Table = Readonly<Record<"low" | "medium" | "high", Readonly<Record<"1024x1024" | "1024x1536" | "1536x1024", number>>>>;

const GPT_IMAGE_1: Table = {
  low: { "1024x1024": 272, "1024x1536": 408, "1536x1024": 400 },
  medium: { "1024x1024": 1056, "1024x1536": 1584, "1536x1024": 1568 },
  high: { "1024x1024": 4160, "1024x1536": 6240, "1536x1024": 6208 },
};

const GPT_IMAGE_1_MINI: Table = {
  low: { "1024x1024": 625, "1024x1536": 750, "1536x1024": 750 },
  medium: { "1024x1024": 1375, "1024x1536": 1875, "1536x1024": 1875 },
  high: { "1024x1024": 4500, "1024x1536": 6500, "1536x1024": 6500 },
};

const TABLES: readonly [RegExp, Table][] = [
  [/^gpt-image-1-mini(-\d{4}-\d{2}-\d{2})?$/, GPT_IMAGE_1_MINI],
  [/^gpt-image-1(\.5)?(-\d{4}-\d{2}-\d{2})?$/, GPT_IMAGE_1],
];

export const PARTIAL_IMAGE_TOKENS = 100;
const MAX_IMAGES = 10;

function tableFor(model: string | null): Table | null {
  if (model === null) return null;
  return TABLES.find(([pattern]) => pattern.test(model))?.[1] ?? null;
}

/** An integer field of a JSON body or a form ("2"), within [min, max]; `fallback` when absent. */
function integer(body: Body, field: string, min: number, max: number, fallback: number): number {
  const raw = body[field];
  if (raw === undefined || raw === null) return fallback;
  const value = typeof raw === "string" && /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  throw new VaultError("invalid_request", `\`${field}\` must be a whole number from ${min} to ${max}.`, { field });
}

/** The most tokens one image of this size and quality can take (null: the table has no such entry). */
function imageTokens(table: Table, size: unknown, quality: unknown): number | null {
  const rows = quality === undefined || quality === null || quality === "auto" ? Object.values(table) : [table[quality as keyof Table]];
  let max: number | null = null;
  for (const row of rows) {
    if (!row) return null;
    const cells = size === undefined || size === null || size === "auto" ? Object.values(row) : [row[size as keyof typeof row]];
    for (const cell of cells) {
      if (cell === undefined) return null;
      max = max === null || cell > max ? cell : max;
    }
  }
  return max;
}

/** The bound of one image request, or null when the vault knows none (model, size or quality not in a table). */
export function imageOutputBound(body: Body, model: string | null): number | null {
  const table = tableFor(model);
  if (!table) return null;
  const perImage = imageTokens(table, body.size, body.quality);
  if (perImage === null) return null;
  const partial = body.stream === true || body.stream === "true" ? integer(body, "partial_images", 0, 3, 0) : 0;
  return perImage + partial * PARTIAL_IMAGE_TOKENS;
}

export function imageRequestFacts(request: ProviderRequest): BodyFacts {
  const { body } = request;
  const model = typeof body.model === "string" ? body.model : null;
  const n = integer(body, "n", 1, MAX_IMAGES, 1);
  const images = (request.files ?? []).filter((f) => f.field === "image" || f.field === "image[]" || f.field === "mask").length;
  return {
    model,
    stream: body.stream === true || body.stream === "true",
    maxOutputTokens: imageOutputBound(body, model),
    outputLimitFields: [],
    outputMultiplier: n,
    attachmentTokens: images * ATTACHMENT_TOKENS,
    clientWantsStreamUsage: false,
    // an image is generated whole whatever reached the client: a cut call is charged its reservation
    reasoning: true,
    outputUnseen: true,
  };
}
