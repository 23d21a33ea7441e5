/**
 * What OpenAI-style endpoints refuse on a grant with a spend cap (see lib/engines/providers/cost-bounds.ts),
 * one rule list per endpoint:
 *
 * | endpoint | refused on capped grants |
 * |---|---|
 * | chat/completions | `tools` other than `function` / `custom`; `web_search_options`; a `file` part by `file_id`; `service_tier` other than `auto` / `default` |
 * | responses | `previous_response_id`, `conversation`, `prompt` (stored prompt), `background: true`; `tools` other than `function` / `custom`; `item_reference` input items; `input_file` by `file_id` or `file_url`; `service_tier` other than `auto` / `default` |
 * | completions, embeddings | nothing more (a prompt array is reserved per prompt) |
 * | images/generations, images/edits | a model, size or quality without a known output bound (image-bounds.ts: dall-e-2/3, unknown gpt-image models): 403 `model_not_priced` |
 * | audio/transcriptions, audio/translations | a per-second model (whisper-1) with a file whose duration its header does not state: 403 `model_not_priced`; a `response_format` other than JSON for token models (audio-bounds.ts) |
 *
 * plus each provider's own fields from the registry (OpenRouter `plugins`, xAI `search_parameters`,
 * Google's cached context; OpenRouter `models` and `route` are refused on every grant).
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { Body } from "@/lib/engines/providers/body-paths";
import { imageOutputBound } from "@/lib/engines/providers/openai/image-bounds";
import { transcriptionRefusal } from "@/lib/engines/providers/openai/audio-bounds";
import type { ProviderInfo, ProviderRequest } from "@/lib/engines/providers/types";
import {
  CAPPED,
  clientToolsOnly,
  findIn,
  present,
  providerFields,
  serviceTier,
  unsupported,
  type Refusal,
} from "@/lib/engines/providers/cost-bounds";

const STANDARD_TIERS = ["auto", "default"] as const;
const CLIENT_TOOLS = (type: unknown) => type === "function" || type === "custom";

/** Files the provider fetches or stores: their size is not in the body. */
function fileByReference(node: Body): Refusal {
  if (node.type === "file" && node.file !== null && typeof node.file === "object" && present((node.file as Body).file_id)) {
    return unsupported("messages", "A file by `file_id`");
  }
  if (node.type === "input_file" && (present(node.file_id) || present(node.file_url)))
    return unsupported("input", "An `input_file` by `file_id` or `file_url`");
  if (node.type === "item_reference") return unsupported("input", "An `item_reference` to an earlier response's items");
  return null;
}

type Rule = (body: Body) => Refusal;

const CHAT_RULES: Rule[] = [
  (b) => clientToolsOnly(b.tools, CLIENT_TOOLS),
  (b) => (present(b.web_search_options) ? unsupported("web_search_options", "Web search (`web_search_options`)") : null),
  (b) => serviceTier(b, STANDARD_TIERS),
  (b) => findIn(b.messages, fileByReference),
];

const RESPONSES_RULES: Rule[] = [
  (b) =>
    present(b.previous_response_id) ? unsupported("previous_response_id", "Continuing a stored response (`previous_response_id`)") : null,
  (b) => (present(b.conversation) ? unsupported("conversation", "A stored conversation (`conversation`)") : null),
  (b) => (present(b.prompt) ? unsupported("prompt", "A stored prompt (`prompt`)") : null),
  (b) => (b.background === true ? unsupported("background", "A background response (`background: true`)") : null),
  (b) => clientToolsOnly(b.tools, CLIENT_TOOLS),
  (b) => serviceTier(b, STANDARD_TIERS),
  (b) => findIn(b.input, fileByReference),
];

/** An image request the vault cannot bound before the call (priced per image, or sizes it has no token count for). */
function unboundedImage(body: Body): Refusal {
  const model = typeof body.model === "string" ? body.model : null;
  if (imageOutputBound(body, model) !== null) return null;
  return new VaultError(
    "model_not_priced",
    `The vault knows no token bound for ${model === null ? "an image request without a model" : `model ${model.slice(0, 60)}`} at this size and quality, ${CAPPED}.`,
    { field: "model" },
  );
}

const IMAGE_RULES: Rule[] = [unboundedImage];

const RULES: Readonly<Record<string, readonly Rule[]>> = {
  "chat/completions": CHAT_RULES,
  responses: RESPONSES_RULES,
  "images/generations": IMAGE_RULES,
  "images/edits": IMAGE_RULES,
};

export function openAiRefusal(info: ProviderInfo, request: ProviderRequest, capped: boolean): Refusal {
  const { endpoint, body } = request;
  const own = providerFields(body, info.refusedFields, info.cappedRefusedFields, capped);
  if (own || !capped) return own;
  if (endpoint.usage === "transcription") return transcriptionRefusal(request);
  for (const rule of RULES[endpoint.name] ?? []) {
    const refusal = rule(body);
    if (refusal) return refusal;
  }
  return null;
}
