import { isVaultError, VaultError } from "@/lib/foundation/errors/vault-error";
import { log } from "@/lib/foundation/log";

/** Turns a database failure into 503 vault_unavailable: the vault cannot verify, so it refuses. */
export async function guardStore<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (isVaultError(error)) throw error;
    log.warn("proxy database operation failed", { err: error });
    throw new VaultError("vault_unavailable", "The vault cannot reach its database to verify this request. Retry shortly.", {
      retryAfterSeconds: 5,
    });
  }
}
