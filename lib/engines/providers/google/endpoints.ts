/**
 * Gemini's native API (paths relative to Google's API root, https://generativelanguage.googleapis.com):
 * the model is in the path (`models/{model}:generateContent`), the stream in the method name. Beside
 * it, the OpenAI-compatible endpoints of lib/engines/providers/openai/endpoints.ts, which Google
 * serves under `v1beta/openai/` (create-google-adapter.ts maps them). Everything else is denied.
 */
import type { Endpoint } from "@/lib/engines/providers/types";

/** Which usage rules apply: a GenerateContentResponse's `usageMetadata`, or an embedding (no usage reported). */
export type GeminiUsage = "generate" | "embed";

export const GENERATE = "v1beta/models/{model}:generateContent";
export const STREAM_GENERATE = "v1beta/models/{model}:streamGenerateContent";

const MAX_OUTPUT_TOKENS = ["generationConfig.maxOutputTokens"];

export const GEMINI_ENDPOINTS: readonly Endpoint<GeminiUsage>[] = Object.freeze([
  {
    name: GENERATE,
    method: "POST",
    capability: "chat",
    metering: "tokens",
    body: "json",
    maxTokensFields: MAX_OUTPUT_TOKENS,
    usage: "generate",
  },
  {
    name: STREAM_GENERATE,
    method: "POST",
    capability: "chat",
    metering: "tokens",
    body: "json",
    maxTokensFields: MAX_OUTPUT_TOKENS,
    usage: "generate",
  },
  { name: "v1beta/models/{model}:countTokens", method: "POST", capability: "chat", metering: "free", body: "json" },
  { name: "v1beta/models/{model}:embedContent", method: "POST", capability: "embeddings", metering: "input", body: "json", usage: "embed" },
  {
    name: "v1beta/models/{model}:batchEmbedContents",
    method: "POST",
    capability: "embeddings",
    metering: "input",
    body: "json",
    usage: "embed",
  },
  { name: "v1beta/models", method: "GET", capability: null, metering: "free", body: "none" },
  { name: "v1beta/models/{model}", method: "GET", capability: null, metering: "free", body: "none" },
] satisfies Endpoint<GeminiUsage>[]);

export const GEMINI_ENDPOINT_NAMES: ReadonlySet<string> = new Set(GEMINI_ENDPOINTS.map((e) => e.name));
