/**
 * Every provider the vault knows, as data. Adding an OpenAI-compatible provider is one entry here
 * (lib/proxy adds the request/usage adapters by `dialect`). Imports neither Next.js nor Prisma.
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
};

const entries = [
  { id: "openai", name: "OpenAI", defaultUpstream: "https://api.openai.com/v1", dialect: "openai", requiresKey: true, keyHint: "sk-..." },
  { id: "anthropic", name: "Anthropic", defaultUpstream: "https://api.anthropic.com", dialect: "anthropic", requiresKey: true, keyHint: "sk-ant-..." },
  { id: "google", name: "Google Gemini", defaultUpstream: "https://generativelanguage.googleapis.com/v1beta/openai", dialect: "openai", requiresKey: true, keyHint: "AIza..." },
  { id: "groq", name: "Groq", defaultUpstream: "https://api.groq.com/openai/v1", dialect: "openai", requiresKey: true, keyHint: "gsk_..." },
  { id: "mistral", name: "Mistral", defaultUpstream: "https://api.mistral.ai/v1", dialect: "openai", requiresKey: true, keyHint: "" },
  { id: "together", name: "Together AI", defaultUpstream: "https://api.together.xyz/v1", dialect: "openai", requiresKey: true, keyHint: "" },
  { id: "deepseek", name: "DeepSeek", defaultUpstream: "https://api.deepseek.com/v1", dialect: "openai", requiresKey: true, keyHint: "sk-..." },
  { id: "xai", name: "xAI", defaultUpstream: "https://api.x.ai/v1", dialect: "openai", requiresKey: true, keyHint: "xai-..." },
  { id: "openrouter", name: "OpenRouter", defaultUpstream: "https://openrouter.ai/api/v1", dialect: "openai", requiresKey: true, keyHint: "sk-or-..." },
  { id: "cohere", name: "Cohere", defaultUpstream: "https://api.cohere.ai/compatibility/v1", dialect: "openai", requiresKey: true, keyHint: "" },
  { id: "ollama", name: "Ollama", defaultUpstream: "http://127.0.0.1:11434/v1", dialect: "openai", requiresKey: false, keyHint: "(optional)" },
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
