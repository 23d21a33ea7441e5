/**
 * Bearer secrets the vault hands out, in GitHub's token style: a prefix, 30 base62 random characters
 * (~178 bits) and 6 base62 characters of the CRC32 of the random part. A malformed or mistyped value
 * is rejected before any database query, and secret scanners can recognise leaked ones offline.
 * Used for okap_ tokens (apps), okps_ poll secrets, okmk_ management keys and okss_ browser sessions. Only a keyed hash
 * (HMAC-SHA256 with a purpose-bound pepper) and the last 4 characters are ever stored.
 */
import { crc32 } from "node:zlib";
import { BASE62, randomBase62 } from "@/lib/foundation/crypto/random";
import { keyedHash } from "@/lib/foundation/crypto/key-ring";

export type SecretPrefix = "okap" | "okps" | "okmk" | "okss";

const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;

function checksum(random: string): string {
  let value = crc32(random) >>> 0;
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export function mintSecret(prefix: SecretPrefix): string {
  const random = randomBase62(RANDOM_LENGTH);
  return `${prefix}_${random}${checksum(random)}`;
}

const SHAPE = /^(okap|okps|okmk|okss)_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/;

/** True when the value has the prefix, the length, the alphabet and a matching checksum. */
export function isWellFormedSecret(prefix: SecretPrefix, value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = SHAPE.exec(value);
  return match !== null && match[1] === prefix && checksum(match[2]!) === match[3];
}

/** The stored form: HMAC-SHA256(pepper, secret), hex. */
export function hashSecret(pepper: Buffer, secret: string): string {
  return keyedHash(pepper, secret);
}

export function secretLast4(secret: string): string {
  return secret.slice(-4);
}
