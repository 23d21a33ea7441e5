/**
 * Google under one provider id, two APIs: Gemini's native API (`v1beta/models/{model}:generateContent`
 * and friends, the key in `x-goog-api-key` or `?key=`), which `@google/genai`, the Gemini CLI and
 * Google's samples speak, and Google's OpenAI-compatible endpoint, which the OpenAI SDKs speak with
 * a base URL of `/v1/google` (or `/v1/google/v1beta/openai`) and which Google serves under
 * `v1beta/openai/` of the same root. `endpoint()` tries the native table first, then the
 * OpenAI-compatible one (its `upstreamPath` mapped under `v1beta/openai/`); every other function
 * dispatches on the matched endpoint. Refusals come in the envelope of the API the path belongs to.
 */
import type { AdapterContext, Endpoint, MatchedEndpoint, ProviderAdapter, ProviderInfo } from "@/lib/engines/providers/types";
import { endpointMatcher } from "@/lib/engines/providers/match-endpoint";
import { isEventStream, jsonArrayFraming, sseFraming } from "@/lib/engines/providers/stream-framing";
import { tokenCarriers, tokenFromRequest } from "@/lib/engines/providers/token-from-request";
import { createOpenAiAdapter } from "@/lib/engines/providers/openai/create-openai-adapter";
import { geminiRefusal } from "@/lib/engines/providers/google/cost-bounds";
import { GEMINI_ENDPOINT_NAMES, GEMINI_ENDPOINTS, STREAM_GENERATE } from "@/lib/engines/providers/google/endpoints";
import { EmbedMeter, GenerateMeter } from "@/lib/engines/providers/google/gemini-meters";
import { googleErrorBody, googleStreamErrorEvent } from "@/lib/engines/providers/google/google-errors";
import { geminiRequestFacts, geminiRewrite } from "@/lib/engines/providers/google/request-shape";

/** Where Google serves its OpenAI-compatible API, below the API root. */
export const OPENAI_COMPATIBLE_PREFIX = "v1beta/openai/";

const REQUEST_HEADERS = ["content-type", "accept", "user-agent", "x-goog-api-client"] as const;
const RESPONSE_HEADERS = ["content-type", "retry-after", "server-timing"] as const;
const NATIVE_QUERY = ["alt", "pageSize", "pageToken"] as const;

function isNative(endpoint: Endpoint): boolean {
  return GEMINI_ENDPOINT_NAMES.has(endpoint.name);
}

/** A path of the native API (`v1beta/models/...`), not of the OpenAI-compatible one. */
function isNativePath(path: string | undefined): boolean {
  return path !== undefined && /^v1(alpha|beta)?\//.test(path) && !path.startsWith(OPENAI_COMPATIBLE_PREFIX);
}

export function createGoogleAdapter(info: ProviderInfo, context: AdapterContext): ProviderAdapter {
  const compat = createOpenAiAdapter(info, context);
  const native = endpointMatcher(GEMINI_ENDPOINTS);
  const endpoint = (method: string, path: string): MatchedEndpoint | null => {
    const found = native(method, path);
    if (found) return found;
    const relative = path.startsWith(OPENAI_COMPATIBLE_PREFIX) ? path.slice(OPENAI_COMPATIBLE_PREFIX.length) : path;
    const openAi = compat.endpoint(method, relative);
    return openAi ? Object.freeze({ ...openAi, upstreamPath: OPENAI_COMPATIBLE_PREFIX + openAi.upstreamPath }) : null;
  };
  return Object.freeze({
    info,
    requestHeaders: [...new Set([...REQUEST_HEADERS, ...compat.requestHeaders])],
    responseHeaders: [...new Set([...RESPONSE_HEADERS, ...compat.responseHeaders])],
    queryParams: NATIVE_QUERY,
    tokenFrom: (headers, query) => tokenFromRequest(info, headers, query),
    ...tokenCarriers(info),
    // The native API takes the key in x-goog-api-key, the OpenAI-compatible one as a bearer token.
    authHeaders: (secret, e) => (e && !isNative(e) ? compat.authHeaders(secret) : { "x-goog-api-key": secret }),
    endpoint,
    requestFacts: (request) => (isNative(request.endpoint) ? geminiRequestFacts(request, context) : compat.requestFacts(request)),
    rewriteBody: (request, facts, rewrite) =>
      isNative(request.endpoint) ? geminiRewrite(request, facts, rewrite) : compat.rewriteBody(request, facts, rewrite),
    refusal: (request, capped) =>
      isNative(request.endpoint) ? geminiRefusal(request.endpoint, request.body, capped) : compat.refusal(request, capped),
    newMeter: (e) => (!isNative(e) ? compat.newMeter(e) : e.usage === "embed" ? new EmbedMeter() : new GenerateMeter()),
    streamFraming(e, contentType) {
      if (!isNative(e)) return compat.streamFraming(e, contentType);
      if (isEventStream(contentType)) return sseFraming(googleStreamErrorEvent);
      return e.name === STREAM_GENERATE && /json/i.test(contentType) ? jsonArrayFraming(googleErrorBody) : null;
    },
    isInjectedUsageEvent: (event, json) => compat.isInjectedUsageEvent(event, json),
    errorBody: (error, path) => (isNativePath(path) ? googleErrorBody(error) : compat.errorBody(error)),
  } satisfies ProviderAdapter);
}
