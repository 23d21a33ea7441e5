/**
 * Every provider the vault knows, as data. A row names the adapter factory of its dialect's folder
 * (lib/engines/providers/<dialect>/) and the provider's quirks: where its SDKs send the key, the
 * output-bound field it honours, fields it refuses, where its usage differs, which of its models
 * reason by default. Adding an OpenAI-compatible provider is one row; adding a native API is its
 * own folder plus one row. Imports neither Next.js nor Prisma.
 */
import { createAnthropicAdapter } from "@/lib/engines/providers/anthropic/create-anthropic-adapter";
import { createGoogleAdapter } from "@/lib/engines/providers/google/create-google-adapter";
import { createOpenAiAdapter } from "@/lib/engines/providers/openai/create-openai-adapter";
import type { ProviderInfo } from "@/lib/engines/providers/types";

/**
 * Model names that say they reason, whoever serves them (QwQ, and names with "thinking" or
 * "reason"); each vendor's own reasoning models are in its row.
 */
const NAMED_REASONERS: readonly RegExp[] = [/qwq|thinking|reason/];

const entries = [
  {
    id: "openai",
    name: "OpenAI",
    defaultUpstream: "https://api.openai.com/v1",
    adapter: createOpenAiAdapter,
    requiresKey: true,
    keyHint: "sk-...",
    priceCatalogueId: "openai",
    chatMaxTokensFields: ["max_completion_tokens", "max_tokens"],
    reasoningModels: [/^o\d/, /^gpt-5(?!.*chat)/],
  },
  {
    id: "anthropic",
    name: "Anthropic",
    defaultUpstream: "https://api.anthropic.com",
    adapter: createAnthropicAdapter,
    requiresKey: true,
    keyHint: "sk-ant-...",
    priceCatalogueId: "anthropic",
    tokenHeaders: ["x-api-key"],
  },
  {
    id: "google",
    name: "Google Gemini",
    defaultUpstream: "https://generativelanguage.googleapis.com",
    // before the native API, the root was the OpenAI-compatible endpoint's
    legacyUpstreamSuffixes: ["/v1beta/openai"],
    adapter: createGoogleAdapter,
    requiresKey: true,
    keyHint: "AIza...",
    priceCatalogueId: "google",
    tokenHeaders: ["x-goog-api-key"],
    tokenQueryParam: "key",
    cappedRefusedFields: ["extra_body.google.cached_content", "cached_content"],
    reasoningModels: [/^gemini-(2\.5-(pro|flash(?!-lite))|[3-9])/],
  },
  {
    id: "groq",
    name: "Groq",
    defaultUpstream: "https://api.groq.com/openai/v1",
    adapter: createOpenAiAdapter,
    requiresKey: true,
    keyHint: "gsk_...",
    priceCatalogueId: "groq",
    streamUsagePaths: ["x_groq.usage"],
  },
  {
    id: "mistral",
    name: "Mistral",
    defaultUpstream: "https://api.mistral.ai/v1",
    adapter: createOpenAiAdapter,
    requiresKey: true,
    keyHint: "",
    priceCatalogueId: "mistral",
    reasoningModels: [/magistral/],
  },
  {
    id: "together",
    name: "Together AI",
    defaultUpstream: "https://api.together.xyz/v1",
    adapter: createOpenAiAdapter,
    requiresKey: true,
    keyHint: "",
    priceCatalogueId: "together",
  },
  {
    id: "deepseek",
    name: "DeepSeek",
    defaultUpstream: "https://api.deepseek.com/v1",
    adapter: createOpenAiAdapter,
    requiresKey: true,
    keyHint: "sk-...",
    priceCatalogueId: "deepseek",
    cacheReadUsageFields: ["prompt_cache_hit_tokens"],
    reasoningModels: [/deepseek-(reasoner|r1)/],
  },
  {
    id: "xai",
    name: "xAI",
    defaultUpstream: "https://api.x.ai/v1",
    adapter: createOpenAiAdapter,
    requiresKey: true,
    keyHint: "xai-...",
    priceCatalogueId: "x-ai",
    cappedRefusedFields: ["search_parameters"],
    reasoningModels: [/^grok-(3-mini|[4-9])/],
  },
  {
    id: "openrouter",
    name: "OpenRouter",
    defaultUpstream: "https://openrouter.ai/api/v1",
    adapter: createOpenAiAdapter,
    requiresKey: true,
    keyHint: "sk-or-...",
    priceCatalogueId: "openrouter",
    refusedFields: ["models", "route"],
    cappedRefusedFields: ["plugins"],
  },
  {
    id: "cohere",
    name: "Cohere",
    defaultUpstream: "https://api.cohere.ai/compatibility/v1",
    adapter: createOpenAiAdapter,
    requiresKey: true,
    keyHint: "",
    priceCatalogueId: "cohere",
  },
  {
    id: "ollama",
    name: "Ollama",
    defaultUpstream: "http://127.0.0.1:11434/v1",
    adapter: createOpenAiAdapter,
    requiresKey: false,
    keyHint: "(optional)",
    priceCatalogueId: null,
  },
] as const satisfies readonly ProviderInfo[];

export type ProviderId = (typeof entries)[number]["id"];

export const PROVIDER_IDS: readonly ProviderId[] = Object.freeze(entries.map((p) => p.id));

const byId: ReadonlyMap<string, ProviderInfo> = new Map(entries.map((p) => [p.id, Object.freeze(p)]));

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === "string" && byId.has(value);
}

export function providerInfo(id: ProviderId): ProviderInfo {
  return byId.get(id)!;
}

export function listProviders(): readonly ProviderInfo[] {
  return PROVIDER_IDS.map((id) => byId.get(id)!);
}

/** Model names that reason by default on any host: every row's own patterns, and names that say so. */
export function reasoningModels(): readonly RegExp[] {
  return [...entries.flatMap((p: ProviderInfo) => p.reasoningModels ?? []), ...NAMED_REASONERS];
}
