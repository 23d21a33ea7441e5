/**
 * Every provider the vault knows, as data. Adding an OpenAI-compatible provider is one entry here
 * (lib/engines/providers/adapter-for.ts builds its request/usage adapter from `dialect` and these fields). Imports neither Next.js nor Prisma.
 */

export type ProviderDialect = "openai" | "anthropic";

export type ProviderInfo = {
  readonly id: string;
  readonly name: string;
  /** Upstream API root the proxy forwards to; the owner may override it (settings or env). */
  readonly defaultUpstream: string;
  readonly dialect: ProviderDialect;
  /** False for providers that work without a key (a local Ollama). */
  readonly requiresKey: boolean;
  /** Shown as the placeholder of the key field. */
  readonly keyHint: string;
  /** Provider id in the bundled price catalogue (@pydantic/genai-prices); null = no catalogue prices. */
  readonly priceCatalogueId: string | null;
  /** Headers besides `Authorization: Bearer` in which this provider's SDKs send the key. */
  readonly tokenHeaders?: readonly string[];
  /** Query parameter in which this provider's SDKs may send the key (Google's `?key=`). */
  readonly tokenQueryParam?: string;
  /**
   * The chat output-bound fields the provider honours (OpenAI-style providers), its own first: the
   * vault writes that one when the client sent none of these (default: `max_tokens` only). OpenAI
   * honours both and refuses a request that sets both, so a client's `max_tokens` is kept alone.
   */
  readonly chatMaxTokensFields?: readonly ("max_tokens" | "max_completion_tokens")[];
  /** Body fields never forwarded: they would bypass the grant's checks (lib/engines/providers/cost-bounds.ts). */
  readonly refusedFields?: readonly string[];
  /** Body fields (dotted paths) refused on capped grants: provider-side features the vault cannot bound the cost of. */
  readonly cappedRefusedFields?: readonly string[];
};

const entries = [
  {
    id: "openai",
    name: "OpenAI",
    defaultUpstream: "https://api.openai.com/v1",
    dialect: "openai",
    requiresKey: true,
    keyHint: "sk-...",
    priceCatalogueId: "openai",
    chatMaxTokensFields: ["max_completion_tokens", "max_tokens"],
  },
  {
    id: "anthropic",
    name: "Anthropic",
    defaultUpstream: "https://api.anthropic.com",
    dialect: "anthropic",
    requiresKey: true,
    keyHint: "sk-ant-...",
    priceCatalogueId: "anthropic",
    tokenHeaders: ["x-api-key"],
  },
  {
    id: "google",
    name: "Google Gemini",
    defaultUpstream: "https://generativelanguage.googleapis.com/v1beta/openai",
    dialect: "openai",
    requiresKey: true,
    keyHint: "AIza...",
    priceCatalogueId: "google",
    tokenHeaders: ["x-goog-api-key"],
    tokenQueryParam: "key",
    cappedRefusedFields: ["extra_body.google.cached_content", "cached_content"],
  },
  {
    id: "groq",
    name: "Groq",
    defaultUpstream: "https://api.groq.com/openai/v1",
    dialect: "openai",
    requiresKey: true,
    keyHint: "gsk_...",
    priceCatalogueId: "groq",
  },
  {
    id: "mistral",
    name: "Mistral",
    defaultUpstream: "https://api.mistral.ai/v1",
    dialect: "openai",
    requiresKey: true,
    keyHint: "",
    priceCatalogueId: "mistral",
  },
  {
    id: "together",
    name: "Together AI",
    defaultUpstream: "https://api.together.xyz/v1",
    dialect: "openai",
    requiresKey: true,
    keyHint: "",
    priceCatalogueId: "together",
  },
  {
    id: "deepseek",
    name: "DeepSeek",
    defaultUpstream: "https://api.deepseek.com/v1",
    dialect: "openai",
    requiresKey: true,
    keyHint: "sk-...",
    priceCatalogueId: "deepseek",
  },
  {
    id: "xai",
    name: "xAI",
    defaultUpstream: "https://api.x.ai/v1",
    dialect: "openai",
    requiresKey: true,
    keyHint: "xai-...",
    priceCatalogueId: "x-ai",
    cappedRefusedFields: ["search_parameters"],
  },
  {
    id: "openrouter",
    name: "OpenRouter",
    defaultUpstream: "https://openrouter.ai/api/v1",
    dialect: "openai",
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
    dialect: "openai",
    requiresKey: true,
    keyHint: "",
    priceCatalogueId: "cohere",
  },
  {
    id: "ollama",
    name: "Ollama",
    defaultUpstream: "http://127.0.0.1:11434/v1",
    dialect: "openai",
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
