/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step of clock drift either way) through `otpauth`.
 * Secrets are stored AES-256-GCM encrypted and bound to their user (AAD); a code is accepted once:
 * the step it matched is recorded, and a code of that step or an earlier one is a replay.
 */
import { Secret, TOTP } from "otpauth";
import { decrypt, encrypt } from "@/lib/foundation/crypto/aead";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";

export const TOTP_PERIOD_SECONDS = 30;
const ISSUER = "okap-vault";

function aad(userId: string): string {
  return `okap-vault/totp/v1:${userId}`;
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function sealTotpSecret(userId: string, base32: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encrypt(vaultKeys().totpCipher, Buffer.from(base32, "utf8"), aad(userId)));
}

export function openTotpSecret(userId: string, blob: Uint8Array): string {
  return decrypt(vaultKeys().totpCipher, blob, aad(userId)).toString("utf8");
}

function totpOf(base32: string, email: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: email,
    algorithm: "SHA1",
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(base32),
  });
}

export function otpauthUrl(base32: string, email: string): string {
  return totpOf(base32, email).toString();
}

/** The time step a code matches (now, or one step either side), or null. */
export function matchTotpStep(base32: string, email: string, code: string, now = new Date()): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(base32, email).validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** A code for a step (tests and the CLI's self-check). */
export function totpCodeAt(base32: string, email: string, now = new Date()): string {
  return totpOf(base32, email).generate({ timestamp: now.getTime() });
}
