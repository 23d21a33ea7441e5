/** The OpenAI API surface the vault proxies (paths relative to the `/v1` root); everything else is denied. */
import type { Endpoint } from "@/lib/engines/providers/types";

/** Which usage rules apply: chat-style `usage` (chat/completions, completions, embeddings) or the Responses API's. */
export type OpenAiUsage = "chat" | "responses" | "completions" | "embeddings" | "images" | "transcription" | "speech";

export const OPENAI_ENDPOINTS: readonly Endpoint<OpenAiUsage>[] = Object.freeze([
  {
    name: "chat/completions",
    method: "POST",
    capability: "chat",
    metering: "tokens",
    body: "json",
    maxTokensFields: ["max_completion_tokens", "max_tokens"],
    usage: "chat",
  },
  {
    name: "responses",
    method: "POST",
    capability: "chat",
    metering: "tokens",
    body: "json",
    maxTokensFields: ["max_output_tokens"],
    usage: "responses",
  },
  {
    name: "completions",
    method: "POST",
    capability: "completions",
    metering: "tokens",
    body: "json",
    maxTokensFields: ["max_tokens"],
    usage: "completions",
  },
  { name: "embeddings", method: "POST", capability: "embeddings", metering: "input", body: "json", usage: "embeddings" },
  { name: "moderations", method: "POST", capability: "moderation", metering: "free", body: "json" },
  // token-priced image models; bounded from n, size and quality (image-bounds.ts)
  { name: "images/generations", method: "POST", capability: "images", metering: "tokens", body: "json", usage: "images" },
  { name: "images/edits", method: "POST", capability: "images", metering: "tokens", body: "multipart", usage: "images" },
  { name: "images/variations", method: "POST", capability: "images", metering: "unpriced", body: "multipart" },
  // bounded by the input's length (speech-bounds.ts)
  { name: "audio/speech", method: "POST", capability: "audio", metering: "tokens", body: "json", usage: "speech" },
  // bounded by the file's size (token models) or its duration from the header (per-second models): audio-bounds.ts
  { name: "audio/transcriptions", method: "POST", capability: "audio", metering: "tokens", body: "multipart", usage: "transcription" },
  { name: "audio/translations", method: "POST", capability: "audio", metering: "tokens", body: "multipart", usage: "transcription" },
  { name: "models", method: "GET", capability: null, metering: "free", body: "none" },
  { name: "models/{id}", method: "GET", capability: null, metering: "free", body: "none" },
] satisfies Endpoint<OpenAiUsage>[]);
