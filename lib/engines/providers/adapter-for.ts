/** The adapter of a provider, built once from its registry row by the factory the row names. */
import { isProviderId, providerInfo, reasoningModels, type ProviderId } from "@/lib/engines/providers/registry";
import type { AdapterContext, ProviderAdapter } from "@/lib/engines/providers/types";

const adapters = new Map<string, ProviderAdapter>();
let context: AdapterContext | null = null;

export function adapterFor(provider: ProviderId): ProviderAdapter;
export function adapterFor(provider: string): ProviderAdapter | null;
export function adapterFor(provider: string): ProviderAdapter | null {
  if (!isProviderId(provider)) return null;
  let adapter = adapters.get(provider);
  if (!adapter) {
    const info = providerInfo(provider);
    context ??= Object.freeze({ reasoningModels: reasoningModels() });
    adapter = info.adapter(info, context);
    adapters.set(provider, adapter);
  }
  return adapter;
}
