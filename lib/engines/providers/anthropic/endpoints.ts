/**
 * The Anthropic API surface the vault proxies, relative to the API root. The SDK appends
 * `/v1/messages` to its base URL, so `.../v1/anthropic` + `/v1/messages` arrives here as "v1/messages".
 */
import type { Endpoint } from "@/lib/engines/providers/types";

export const ANTHROPIC_ENDPOINTS: readonly Endpoint<"messages">[] = Object.freeze([
  {
    name: "v1/messages",
    method: "POST",
    capability: "chat",
    metering: "tokens",
    body: "json",
    maxTokensFields: ["max_tokens"],
    usage: "messages",
  },
  { name: "v1/messages/count_tokens", method: "POST", capability: "chat", metering: "free", body: "json" },
  { name: "v1/models", method: "GET", capability: null, metering: "free", body: "none" },
  { name: "v1/models/{id}", method: "GET", capability: null, metering: "free", body: "none" },
] satisfies Endpoint<"messages">[]);
