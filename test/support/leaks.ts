/** Searches everything the vault wrote or said for any fragment of a secret. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/**
 * Every substring of `secret` longer than `allowed` characters found in `haystack`.
 *
 * `storesLast4`: the haystack legitimately holds the secret's last 4 characters (the database's
 * `last4` column). In a raw database file the byte just before that column is whatever the previous
 * column ended with (a random GCM tag byte), which matches the secret's 5th-to-last character once
 * in 256 keys; that one boundary fragment is therefore not evidence of a leak and is skipped. Any
 * longer run still shows as the other fragments it contains.
 */
export function leakedFragments(secret: string, haystack: string | Buffer, allowed = 4, { storesLast4 = false } = {}): string[] {
  const text = typeof haystack === "string" ? haystack : haystack.toString("latin1");
  const found = new Set<string>();
  for (let i = 0; i + allowed + 1 <= secret.length; i++) {
    const fragment = secret.slice(i, i + allowed + 1);
    if (storesLast4 && i + allowed + 1 === secret.length) continue;
    if (text.includes(fragment)) found.add(fragment);
  }
  return [...found];
}

/** The raw bytes of a SQLite database (main file, WAL and shared memory) or a pg_dump of PostgreSQL. */
export function databaseBytes(databaseUrl: string): Buffer {
  if (databaseUrl.startsWith("file:")) {
    const file = databaseUrl.slice("file:".length);
    return Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter(existsSync).map((f) => readFileSync(f)));
  }
  return execFileSync("pg_dump", ["--no-owner", databaseUrl], { maxBuffer: 256 * 1024 * 1024 });
}
