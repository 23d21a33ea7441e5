import { VaultError } from "@/lib/foundation/errors/vault-error";
import { providerInfo, type ProviderId } from "@/lib/engines/providers/registry";

export const KEY_MIN_LENGTH = 8;

/** Rejects an empty or implausibly short key for providers that need one. */
export function assertKeyShape(provider: ProviderId, key: string): void {
  const info = providerInfo(provider);
  if (key.length === 0 && info.requiresKey) throw new VaultError("invalid_request", "key is required", { field: "key" });
  if (key.length > 0 && key.length < KEY_MIN_LENGTH) {
    throw new VaultError("invalid_request", `key is too short (at least ${KEY_MIN_LENGTH} characters)`, { field: "key" });
  }
}
