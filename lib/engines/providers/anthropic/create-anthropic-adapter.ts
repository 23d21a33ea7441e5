/** The adapter of Anthropic's native Messages API: `x-api-key`, the client's version headers kept. */
import type { AdapterContext, ProviderAdapter, ProviderInfo } from "@/lib/engines/providers/types";
import { endpointMatcher } from "@/lib/engines/providers/match-endpoint";
import { asksForReasoning, readRequestFacts, typedAttachment, withMaxOutputTokens } from "@/lib/engines/providers/read-request-facts";
import { isEventStream, sseFraming } from "@/lib/engines/providers/stream-framing";
import { tokenCarriers, tokenFromRequest } from "@/lib/engines/providers/token-from-request";
import { anthropicRefusal } from "@/lib/engines/providers/anthropic/cost-bounds";
import { ANTHROPIC_ENDPOINTS } from "@/lib/engines/providers/anthropic/endpoints";
import { anthropicErrorBody, anthropicStreamErrorEvent } from "@/lib/engines/providers/anthropic/anthropic-errors";
import { MessagesMeter } from "@/lib/engines/providers/anthropic/messages-meter";

const REQUEST_HEADERS = ["content-type", "accept", "user-agent", "anthropic-version", "anthropic-beta", "x-stainless-*"] as const;
const RESPONSE_HEADERS = ["content-type", "request-id", "retry-after", "anthropic-ratelimit-*"] as const;

export function createAnthropicAdapter(info: ProviderInfo, context: AdapterContext): ProviderAdapter {
  return Object.freeze({
    info,
    requestHeaders: REQUEST_HEADERS,
    responseHeaders: RESPONSE_HEADERS,
    queryParams: ["beta", "limit", "after_id", "before_id"],
    tokenFrom: (headers, query) => tokenFromRequest(info, headers, query),
    ...tokenCarriers(info),
    authHeaders: (secret: string): Record<string, string> => ({ "x-api-key": secret }),
    endpoint: endpointMatcher(ANTHROPIC_ENDPOINTS),
    requestFacts: (request) =>
      readRequestFacts(request, {
        model: "model",
        stream: "stream",
        maxTokensFields: request.endpoint.maxTokensFields ?? [],
        outputCountFields: [],
        isAttachment: typedAttachment,
        asksForReasoning,
        reasoningModels: context.reasoningModels,
      }),
    rewriteBody({ body }, facts, rewrite) {
      return rewrite.maxOutputTokens === undefined ? body : withMaxOutputTokens(facts, body, rewrite.maxOutputTokens);
    },
    refusal: ({ endpoint, body, headers }, capped) => anthropicRefusal(endpoint, body, headers, capped),
    newMeter: () => new MessagesMeter(),
    streamFraming: (_endpoint, contentType) => (isEventStream(contentType) ? sseFraming(anthropicStreamErrorEvent) : null),
    isInjectedUsageEvent: () => false,
    errorBody: anthropicErrorBody,
  } satisfies ProviderAdapter);
}
