/** The adapter of a provider, built once from its registry entry by dialect. */
import { createAnthropicAdapter } from "@/lib/engines/providers/anthropic/create-anthropic-adapter";
import { createOpenAiAdapter } from "@/lib/engines/providers/openai/create-openai-adapter";
import { isProviderId, providerInfo, type ProviderDialect, type ProviderInfo } from "@/lib/engines/providers/registry";
import type { ProviderAdapter } from "@/lib/engines/providers/types";

const FACTORIES: Record<ProviderDialect, (info: ProviderInfo) => ProviderAdapter> = {
  openai: createOpenAiAdapter,
  anthropic: createAnthropicAdapter,
};

const adapters = new Map<string, ProviderAdapter>();

export function adapterFor(provider: string): ProviderAdapter | null {
  if (!isProviderId(provider)) return null;
  let adapter = adapters.get(provider);
  if (!adapter) {
    const info = providerInfo(provider);
    adapter = FACTORIES[info.dialect](info);
    adapters.set(provider, adapter);
  }
  return adapter;
}
