/**
 * AES-256-GCM with a fresh random 96-bit nonce per encryption and caller-supplied additional
 * authenticated data. Layout: version (1 byte) | nonce (12) | ciphertext | tag (16).
 * Any change to the blob, the key or the AAD makes decryption fail; it never returns garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  constructor() {
    super("ciphertext failed authentication");
    this.name = "DecryptionError";
  }
}

export function encrypt(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  if (key.length !== 32) throw new Error("AES-256-GCM needs a 32-byte key");
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()]);
}

export function decrypt(key: Buffer, blob: Uint8Array, aad: string): Buffer {
  const data = Buffer.from(blob);
  if (data.length < 1 + NONCE_BYTES + TAG_BYTES || data[0] !== VERSION) throw new DecryptionError();
  const nonce = data.subarray(1, 1 + NONCE_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  const body = data.subarray(1 + NONCE_BYTES, data.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}

/** The nonce of a blob made by encrypt() (tests use it to check nonces never repeat). */
export function nonceOf(blob: Uint8Array): string {
  return Buffer.from(blob)
    .subarray(1, 1 + NONCE_BYTES)
    .toString("hex");
}
