/**
 * The two 503s every surface answers the same way, worded once: the vault has no key ring (sealed),
 * or it is shutting down and takes no new work.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";

export function vaultSealedError(): VaultError {
  return new VaultError(
    "vault_sealed",
    "The vault is sealed: its encryption key is missing or wrong. The owner must fix the key configuration.",
    { retryAfterSeconds: 30 },
  );
}

export function vaultShuttingDownError(): VaultError {
  return new VaultError("vault_unavailable", "The vault is shutting down. Retry shortly.", { retryAfterSeconds: 2 });
}
