import type { Db } from "@/lib/foundation/db/client";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { openProviderKey } from "@/lib/domain/provider-keys/key-cipher";

/**
 * The plaintext master key, for the proxy only: it goes into one upstream request header and
 * nowhere else (never a response, a log line or an error).
 */
export async function revealProviderKey(db: Db, id: string): Promise<{ provider: string; secret: string }> {
  const row = await db.providerKey.findUnique({ where: { id } });
  if (!row || row.deletedAt) throw new VaultError("not_found", "The provider key of this grant was removed.");
  return { provider: row.provider, secret: openProviderKey(vaultKeys(), row) };
}
