/**
 * What Gemini's native endpoints refuse (see lib/engines/providers/cost-bounds.ts).
 *
 * On every grant: a model in the body other than the one in the path (`embedContent`'s `model`,
 * each of `batchEmbedContents`' `requests[].model`, `countTokens`' `generateContentRequest.model`):
 * the grant's model list is checked on the path.
 *
 * | endpoint | refused on capped grants |
 * |---|---|
 * | generateContent, streamGenerateContent | `cachedContent` (a stored context billed as input); `fileData` parts (a file by URI, of any size); `tools` other than `functionDeclarations` (Google Search grounding, code execution, URL context, file search, Maps: run by Google, billed per call, feeding tokens back) |
 * | embedContent, batchEmbedContents | `fileData` parts |
 * | countTokens, models | nothing (free) |
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { Body } from "@/lib/engines/providers/body-paths";
import { findIn, present, unsupported, type Refusal } from "@/lib/engines/providers/cost-bounds";
import type { MatchedEndpoint } from "@/lib/engines/providers/types";

const CLIENT_TOOL_KEYS = new Set(["functionDeclarations"]);

function fileByUri(node: Body): Refusal {
  return present(node.fileData) ? unsupported("contents", "A file by URI (`fileData`)") : null;
}

function serverTools(tools: unknown): Refusal {
  if (!Array.isArray(tools)) return null;
  for (const tool of tools) {
    const keys = tool !== null && typeof tool === "object" ? Object.keys(tool as Body) : [];
    const server = keys.find((k) => !CLIENT_TOOL_KEYS.has(k));
    if (server !== undefined) return unsupported("tools", `The tool "${server.slice(0, 60)}" (run by Google, billed per call)`);
  }
  return null;
}

type Rule = (body: Body) => Refusal;

const GENERATE_RULES: Rule[] = [
  (b) => (present(b.cachedContent) ? unsupported("cachedContent", "A cached context (`cachedContent`)") : null),
  (b) => serverTools(b.tools),
  (b) => findIn(b.contents, fileByUri) ?? findIn(b.systemInstruction, fileByUri),
];

const EMBED_RULES: Rule[] = [(b) => findIn(b.content, fileByUri) ?? findIn(b.requests, fileByUri)];

const RULES: Readonly<Record<string, readonly Rule[]>> = {
  "v1beta/models/{model}:generateContent": GENERATE_RULES,
  "v1beta/models/{model}:streamGenerateContent": GENERATE_RULES,
  "v1beta/models/{model}:embedContent": EMBED_RULES,
  "v1beta/models/{model}:batchEmbedContents": EMBED_RULES,
};

/** The models a body names besides the path's, with where. */
function bodyModels(endpoint: MatchedEndpoint, body: Body): [string, unknown][] {
  if (endpoint.name.endsWith(":embedContent")) return [["model", body.model]];
  if (endpoint.name.endsWith(":countTokens"))
    return [["generateContentRequest.model", (body.generateContentRequest as Body | undefined)?.model]];
  if (endpoint.name.endsWith(":batchEmbedContents") && Array.isArray(body.requests))
    return body.requests.map((r, i) => [`requests.${i}.model`, r !== null && typeof r === "object" ? (r as Body).model : undefined]);
  return [];
}

function otherModel(endpoint: MatchedEndpoint, body: Body): Refusal {
  const model = endpoint.params.model;
  for (const [field, value] of bodyModels(endpoint, body)) {
    if (value === undefined || value === null || value === model || value === `models/${model}`) continue;
    return new VaultError("invalid_request", `\`${field}\` must name the model of the path (models/${model}).`, { field });
  }
  return null;
}

export function geminiRefusal(endpoint: MatchedEndpoint, body: Body, capped: boolean): Refusal {
  const other = otherModel(endpoint, body);
  if (other || !capped) return other;
  for (const rule of RULES[endpoint.name] ?? []) {
    const refusal = rule(body);
    if (refusal) return refusal;
  }
  return null;
}
