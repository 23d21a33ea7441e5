/**
 * The adapter factory for OpenAI and every OpenAI-compatible provider (Google's compatibility
 * endpoint, Groq, Mistral, Together, DeepSeek, xAI, OpenRouter, Cohere, Ollama): a registry row is
 * all a new one needs.
 */
import type { AdapterContext, BodyFacts, ProviderAdapter, ProviderInfo, ProviderRequest, UsageMeter } from "@/lib/engines/providers/types";
import { endpointMatcher } from "@/lib/engines/providers/match-endpoint";
import { readRequestFacts, withMaxOutputTokens } from "@/lib/engines/providers/read-request-facts";
import { isEventStream, sseFraming } from "@/lib/engines/providers/stream-framing";
import { tokenCarriers, tokenFromRequest } from "@/lib/engines/providers/token-from-request";
import { openAiRefusal } from "@/lib/engines/providers/openai/cost-bounds";
import { OPENAI_ENDPOINTS } from "@/lib/engines/providers/openai/endpoints";
import { openAiErrorBody, openAiStreamErrorEvent } from "@/lib/engines/providers/openai/openai-errors";
import {
  SpeechMeter,
  ChatMeter,
  ImagesMeter,
  ResponsesMeter,
  TranscriptionMeter,
  type ChatUsageQuirks,
} from "@/lib/engines/providers/openai/openai-meters";
import { transcriptionFacts } from "@/lib/engines/providers/openai/audio-bounds";
import { speechFacts } from "@/lib/engines/providers/openai/speech-bounds";
import { imageRequestFacts } from "@/lib/engines/providers/openai/image-bounds";
import { openAiRequestShape } from "@/lib/engines/providers/openai/request-shape";

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

/** Endpoints whose facts are not in body fields the shared reader knows: images, audio. */
const MEDIA_FACTS: Readonly<Record<string, (request: ProviderRequest) => BodyFacts>> = {
  images: imageRequestFacts,
  transcription: transcriptionFacts,
  speech: speechFacts,
};

const MEDIA_METERS: Readonly<Record<string, () => UsageMeter>> = {
  responses: () => new ResponsesMeter(),
  images: () => new ImagesMeter(),
  transcription: () => new TranscriptionMeter(),
  speech: () => new SpeechMeter(),
};

export function createOpenAiAdapter(info: ProviderInfo, context: AdapterContext): ProviderAdapter {
  const shapes = new Map(OPENAI_ENDPOINTS.map((e) => [e.name, openAiRequestShape(info, context, e)]));
  const quirks: ChatUsageQuirks = { streamUsagePaths: info.streamUsagePaths ?? [], cacheReadFields: info.cacheReadUsageFields ?? [] };
  return Object.freeze({
    info,
    requestHeaders: REQUEST_HEADERS,
    responseHeaders: RESPONSE_HEADERS,
    queryParams: [],
    tokenFrom: (headers, query) => tokenFromRequest(info, headers, query),
    ...tokenCarriers(info),
    authHeaders: (secret: string): Record<string, string> => (secret ? { authorization: `Bearer ${secret}` } : {}),
    endpoint: endpointMatcher(OPENAI_ENDPOINTS),
    requestFacts: (request) =>
      MEDIA_FACTS[request.endpoint.usage ?? ""]?.(request) ??
      readRequestFacts(request, shapes.get(request.endpoint.name) ?? openAiRequestShape(info, context, request.endpoint)),
    rewriteBody({ endpoint, body }, facts, rewrite) {
      let next = body;
      if (rewrite.maxOutputTokens !== undefined) next = withMaxOutputTokens(facts, next, rewrite.maxOutputTokens);
      if (rewrite.requestStreamUsage && (endpoint.usage === "chat" || endpoint.usage === "completions")) {
        const options = typeof next.stream_options === "object" && next.stream_options !== null ? next.stream_options : {};
        next = { ...next, stream_options: { ...options, include_usage: true } };
      }
      return next;
    },
    refusal: (request, capped) => openAiRefusal(info, request, capped),
    newMeter: (endpoint) => MEDIA_METERS[endpoint.usage ?? ""]?.() ?? new ChatMeter(quirks),
    streamFraming: (_endpoint, contentType) => (isEventStream(contentType) ? sseFraming(openAiStreamErrorEvent) : null),
    isInjectedUsageEvent(_event, json) {
      const chunk = json as { choices?: unknown; usage?: unknown } | null;
      return (
        !!chunk && Array.isArray(chunk.choices) && chunk.choices.length === 0 && typeof chunk.usage === "object" && chunk.usage !== null
      );
    },
    errorBody: openAiErrorBody,
  } satisfies ProviderAdapter);
}
