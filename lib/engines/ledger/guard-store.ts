import { isVaultError, VaultError } from "@/lib/foundation/errors/vault-error";

/**
 * Turns a database failure into 503 vault_unavailable: the vault cannot verify, so it refuses. The
 * failure rides along as the cause, which the error core logs (never renders). It does not say the
 * database is back: the operation may have been answered from a cache (grants, prices, upstream
 * roots); the admission, a real round trip, says so (reserve-spend.ts).
 */
export async function guardStore<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (isVaultError(error)) throw error;
    throw new VaultError("vault_unavailable", "The vault cannot reach its database to verify this request. Retry shortly.", {
      retryAfterSeconds: 5,
      cause: error,
    });
  }
}
