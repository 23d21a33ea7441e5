import { randomFillSync } from "node:crypto";

export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random bytes drawn from a refilled pool: one CSPRNG call per 4 KiB instead of one per id. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function nextRandomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** Uniformly random base62 string (rejection sampling: no modulo bias). ~5.95 bits per character. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const byte = nextRandomByte();
    if (byte < 248) out += BASE62[byte % 62];
  }
  return out;
}

/** Prefixed random id, e.g. newId("key") -> "key_4fQ...". 20 base62 chars = 119 bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(20)}`;
}
