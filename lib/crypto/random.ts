import { randomBytes } from "node:crypto";

export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Uniformly random base62 string (rejection sampling: no modulo bias). ~5.95 bits per character. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(Math.ceil((length - out.length) * 1.3) + 4)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Prefixed random id, e.g. newId("key") -> "key_4fQ...". 20 base62 chars = 119 bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(20)}`;
}
