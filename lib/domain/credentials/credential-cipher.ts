/**
 * Encryption of API credentials at rest (AES-256-GCM under the credential subkey). The additional
 * authenticated data binds a ciphertext to its row (id, owner, name, kind): copied into another
 * row, it no longer decrypts. The plaintext is the secret as JSON.
 */
import { decrypt, DecryptionError, encrypt } from "@/lib/foundation/crypto/aead";
import type { KeyRing } from "@/lib/foundation/crypto/key-ring";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { CredentialSecret } from "@/lib/domain/credentials/schemas";

type Row = { id: string; userId: string; name: string; kind: string };

function aad(row: Row): string {
  return `okap-vault/credential/v1:${row.id}:${row.userId}:${row.name}:${row.kind}`;
}

export function sealCredential(ring: KeyRing, row: Row, secret: CredentialSecret): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encrypt(ring.credentialCipher, Buffer.from(JSON.stringify(secret), "utf8"), aad(row)));
}

export function openCredential(ring: KeyRing, row: Row & { ciphertext: Uint8Array }): CredentialSecret {
  try {
    const secret = JSON.parse(decrypt(ring.credentialCipher, row.ciphertext, aad(row)).toString("utf8")) as CredentialSecret;
    if (secret.kind !== row.kind) throw new DecryptionError();
    return secret;
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof SyntaxError) {
      throw new VaultError("vault_sealed", "A stored credential failed authentication: it was altered or belongs to another row.");
    }
    throw error;
  }
}

/** The values of a secret that may be sent upstream (and so must be redacted from answers). */
export function secretValues(secret: CredentialSecret): string[] {
  if (secret.kind === "api_key") return [secret.value];
  if (secret.kind === "basic") return [secret.password, `${secret.user}:${secret.password}`];
  return [secret.access_token, secret.refresh_token, secret.client_secret].filter((v): v is string => typeof v === "string");
}

/** The last 4 characters shown again (of the value, the password, or the access token); "" under 12. */
export function credentialLast4(secret: CredentialSecret): string {
  const v = secret.kind === "api_key" ? secret.value : secret.kind === "basic" ? secret.password : secret.access_token;
  return v.length >= 12 ? v.slice(-4) : "";
}
