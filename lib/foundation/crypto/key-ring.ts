/**
 * The vault's master key (KEK, 32 bytes) and the purpose-bound subkeys derived from it with HKDF.
 * No subkey is ever used for two purposes; none is ever logged or stored.
 */
import { createHmac, hkdfSync } from "node:crypto";

export type KeyRing = Readonly<{
  /** Public, non-reversible identifier of the master key, stored in the database. */
  fingerprint: string;
  providerKeyCipher: Buffer;
  webhookSecretCipher: Buffer;
  credentialCipher: Buffer;
  tokenPepper: Buffer;
  managementKeyPepper: Buffer;
  pollSecretPepper: Buffer;
  authCodePepper: Buffer;
  /** Keyed hash of session cookie tokens (only the hash is stored). */
  sessionPepper: Buffer;
  /** Signs the device cookie of a browser that signed in before (OWASP's device cookie). */
  deviceCookieKey: Buffer;
  /** Encrypts TOTP secrets at rest. */
  totpCipher: Buffer;
  /** Keyed hash of second-factor recovery codes. */
  recoveryCodePepper: Buffer;
}>;

function subkey(kek: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", kek, Buffer.from("okap-vault/v1"), Buffer.from(purpose), 32));
}

export function keyFingerprint(kek: Buffer): string {
  return createHmac("sha256", kek).update("okap-vault key fingerprint v1").digest("hex").slice(0, 32);
}

export function deriveKeyRing(kek: Buffer): KeyRing {
  if (kek.length !== 32) throw new Error("the master key must be 32 bytes");
  return Object.freeze({
    fingerprint: keyFingerprint(kek),
    providerKeyCipher: subkey(kek, "provider-key encryption"),
    webhookSecretCipher: subkey(kek, "webhook-secret encryption"),
    credentialCipher: subkey(kek, "credential encryption"),
    tokenPepper: subkey(kek, "okap token hash"),
    managementKeyPepper: subkey(kek, "management key hash"),
    pollSecretPepper: subkey(kek, "poll secret hash"),
    authCodePepper: subkey(kek, "authorization code hash"),
    sessionPepper: subkey(kek, "session token hash"),
    deviceCookieKey: subkey(kek, "device cookie signature"),
    totpCipher: subkey(kek, "totp secret encryption"),
    recoveryCodePepper: subkey(kek, "recovery code hash"),
  });
}

/**
 * Parses VAULT_SECRET_KEY or the key file: exactly 32 bytes as 64 hex characters or as base64 /
 * base64url (43-44 characters). Throws a message that never contains the value.
 */
export function parseMasterKey(text: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === 32) return bytes;
  }
  throw new Error(
    `must be 32 random bytes written as 64 hex characters or 43/44 base64 characters (got ${value.length} characters); ` +
      "generate one with: npm run --silent vault -- secret-key generate",
  );
}

export function keyedHash(pepper: Buffer, value: string): string {
  return createHmac("sha256", pepper).update(value, "utf8").digest("hex");
}
