/**
 * Where OpenAI-style request bodies keep what the vault reads and writes: `model` and `stream` at
 * the top, the output bound in the endpoint's fields (chat: the provider's own first, see
 * ProviderInfo.chatMaxTokensFields), `n` / `best_of` outputs per prompt, and legacy completions
 * answering every prompt of an array.
 */
import type { Body } from "@/lib/engines/providers/body-paths";
import { asksForReasoning, typedAttachment, type RequestShape } from "@/lib/engines/providers/read-request-facts";
import type { AdapterContext, Endpoint, ProviderInfo } from "@/lib/engines/providers/types";

const CHAT_MAX_TOKENS_FIELDS = ["max_tokens"] as const;
const OUTPUT_COUNT_FIELDS = ["n", "best_of"] as const;

/** How many prompts a legacy completions request answers: an array of strings or of token arrays is one each. */
function promptCount(body: Body): number {
  const prompt = body.prompt;
  if (!Array.isArray(prompt) || prompt.length === 0) return 1;
  return prompt.every((p) => typeof p === "number") ? 1 : prompt.length;
}

function wantsStreamUsage(body: Body): boolean {
  const options = body.stream_options;
  return typeof options === "object" && options !== null && (options as { include_usage?: unknown }).include_usage === true;
}

export function openAiRequestShape(info: ProviderInfo, context: AdapterContext, endpoint: Endpoint): RequestShape {
  return {
    model: "model",
    stream: "stream",
    maxTokensFields: endpoint.maxTokensFields ?? [],
    ...(endpoint.usage === "chat" ? { honouredFields: info.chatMaxTokensFields ?? CHAT_MAX_TOKENS_FIELDS } : {}),
    outputCountFields: OUTPUT_COUNT_FIELDS,
    ...(endpoint.usage === "completions" ? { outputsPerRequest: promptCount } : {}),
    isAttachment: typedAttachment,
    asksForReasoning,
    reasoningModels: context.reasoningModels,
    clientWantsStreamUsage: wantsStreamUsage,
  };
}
