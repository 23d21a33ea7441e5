/**
 * Encryption of provider keys at rest. The additional authenticated data binds a ciphertext to its
 * row (id, owner, provider): copied into another row, it no longer decrypts.
 */
import { decrypt, encrypt, DecryptionError } from "@/lib/foundation/crypto/aead";
import type { KeyRing } from "@/lib/foundation/crypto/key-ring";
import { VaultError } from "@/lib/foundation/errors/vault-error";

type Row = { id: string; userId: string; provider: string };

export function keyAad(row: Row): string {
  return `okap-vault/provider-key/v1:${row.id}:${row.userId}:${row.provider}`;
}

export function sealProviderKey(ring: KeyRing, row: Row, secret: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encrypt(ring.providerKeyCipher, Buffer.from(secret, "utf8"), keyAad(row)));
}

export function openProviderKey(ring: KeyRing, row: Row & { ciphertext: Uint8Array }): string {
  try {
    return decrypt(ring.providerKeyCipher, row.ciphertext, keyAad(row)).toString("utf8");
  } catch (error) {
    if (error instanceof DecryptionError) {
      throw new VaultError(
        "provider_key_unreadable",
        "The provider key of this grant cannot be decrypted (its stored ciphertext was altered or belongs to another row). The vault owner must replace it.",
        { cause: error },
      );
    }
    throw error;
  }
}

/** The only part of a key ever shown again. Keys shorter than 12 characters show nothing. */
export function last4Of(secret: string): string {
  return secret.length >= 12 ? secret.slice(-4) : "";
}
