/** The adapter of Anthropic's native Messages API: `x-api-key`, the client's version headers kept. */
import type { ProviderInfo } from "@/lib/engines/providers/registry";
import type { ProviderAdapter } from "@/lib/engines/providers/types";
import { matchEndpoint } from "@/lib/engines/providers/match-endpoint";
import { readRequestFacts, withMaxOutputTokens } from "@/lib/engines/providers/read-request-facts";
import { tokenFromRequest } from "@/lib/engines/providers/token-from-request";
import { anthropicRefusal } from "@/lib/engines/providers/anthropic/cost-bounds";
import { ANTHROPIC_ENDPOINTS } from "@/lib/engines/providers/anthropic/endpoints";
import { anthropicErrorBody, anthropicStreamErrorEvent } from "@/lib/engines/providers/anthropic/anthropic-errors";
import { MessagesMeter } from "@/lib/engines/providers/anthropic/messages-meter";

const REQUEST_HEADERS = ["content-type", "accept", "user-agent", "anthropic-version", "anthropic-beta", "x-stainless-*"] as const;
const RESPONSE_HEADERS = ["content-type", "request-id", "retry-after", "anthropic-ratelimit-*"] as const;

export function createAnthropicAdapter(info: ProviderInfo): ProviderAdapter {
  return Object.freeze({
    info,
    requestHeaders: REQUEST_HEADERS,
    responseHeaders: RESPONSE_HEADERS,
    queryParams: ["beta", "limit", "after_id", "before_id"],
    tokenFrom: (headers, query) => tokenFromRequest(info, headers, query),
    authHeaders: (secret: string): Record<string, string> => ({ "x-api-key": secret }),
    endpoint: (method, path) => matchEndpoint(ANTHROPIC_ENDPOINTS, method, path),
    requestFacts: (endpoint, body) => readRequestFacts(endpoint, body, null, false),
    rewriteBody(_endpoint, body, facts, rewrite) {
      return rewrite.maxOutputTokens === undefined ? body : withMaxOutputTokens(facts, body, rewrite.maxOutputTokens);
    },
    refusal: (endpoint, body, headers, capped) => anthropicRefusal(endpoint, body, headers, capped),
    newMeter: () => new MessagesMeter(),
    isInjectedUsageEvent: () => false,
    errorBody: anthropicErrorBody,
    streamErrorEvent: anthropicStreamErrorEvent,
  } satisfies ProviderAdapter);
}
