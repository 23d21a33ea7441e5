/**
 * The adapter factory for OpenAI and every OpenAI-compatible provider (Google's compatibility
 * endpoint, Groq, Mistral, Together, DeepSeek, xAI, OpenRouter, Cohere, Ollama): a registry entry is
 * all a new one needs.
 */
import type { ProviderInfo } from "@/lib/engines/providers/registry";
import type { ProviderAdapter } from "@/lib/engines/providers/types";
import { matchEndpoint } from "@/lib/engines/providers/match-endpoint";
import { readRequestFacts, withMaxOutputTokens } from "@/lib/engines/providers/read-request-facts";
import { tokenFromRequest } from "@/lib/engines/providers/token-from-request";
import { openAiRefusal } from "@/lib/engines/providers/openai/cost-bounds";
import { OPENAI_ENDPOINTS } from "@/lib/engines/providers/openai/endpoints";
import { openAiErrorBody, openAiStreamErrorEvent } from "@/lib/engines/providers/openai/openai-errors";
import { ChatMeter, ResponsesMeter } from "@/lib/engines/providers/openai/openai-meters";

const REQUEST_HEADERS = ["content-type", "accept", "user-agent", "openai-beta", "idempotency-key", "x-stainless-*"] as const;
const RESPONSE_HEADERS = [
  "content-type",
  "x-request-id",
  "openai-processing-ms",
  "openai-version",
  "retry-after",
  "retry-after-ms",
  "x-ratelimit-*",
] as const;

const CHAT_MAX_TOKENS_FIELDS = ["max_tokens"] as const;

function wantsStreamUsage(body: Record<string, unknown>): boolean {
  const options = body.stream_options;
  return typeof options === "object" && options !== null && (options as { include_usage?: unknown }).include_usage === true;
}

export function createOpenAiAdapter(info: ProviderInfo): ProviderAdapter {
  return Object.freeze({
    info,
    requestHeaders: REQUEST_HEADERS,
    responseHeaders: RESPONSE_HEADERS,
    queryParams: [],
    tokenFrom: (headers, query) => tokenFromRequest(info, headers, query),
    authHeaders: (secret: string): Record<string, string> => (secret ? { authorization: `Bearer ${secret}` } : {}),
    endpoint: (method, path) => matchEndpoint(OPENAI_ENDPOINTS, method, path),
    requestFacts: (endpoint, body) =>
      readRequestFacts(
        endpoint,
        body,
        endpoint.usage === "chat" ? (info.chatMaxTokensFields ?? CHAT_MAX_TOKENS_FIELDS) : null,
        wantsStreamUsage(body),
      ),
    rewriteBody(endpoint, body, facts, rewrite) {
      let next = body;
      if (rewrite.maxOutputTokens !== undefined) next = withMaxOutputTokens(facts, next, rewrite.maxOutputTokens);
      if (rewrite.requestStreamUsage && (endpoint.usage === "chat" || endpoint.usage === "completions")) {
        const options = typeof next.stream_options === "object" && next.stream_options !== null ? next.stream_options : {};
        next = { ...next, stream_options: { ...options, include_usage: true } };
      }
      return next;
    },
    refusal: (endpoint, body, _headers, capped) => openAiRefusal(info, endpoint, body, capped),
    newMeter: (endpoint) => (endpoint.usage === "responses" ? new ResponsesMeter() : new ChatMeter()),
    isInjectedUsageEvent(_event, json) {
      const chunk = json as { choices?: unknown; usage?: unknown } | null;
      return (
        !!chunk && Array.isArray(chunk.choices) && chunk.choices.length === 0 && typeof chunk.usage === "object" && chunk.usage !== null
      );
    },
    errorBody: openAiErrorBody,
    streamErrorEvent: openAiStreamErrorEvent,
  } satisfies ProviderAdapter);
}
