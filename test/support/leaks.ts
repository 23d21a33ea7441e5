/** Searches everything the vault wrote or said for any fragment of a secret. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/** Every substring of `secret` longer than `allowed` characters found in `haystack`. */
export function leakedFragments(secret: string, haystack: string | Buffer, allowed = 4): string[] {
  const text = typeof haystack === "string" ? haystack : haystack.toString("latin1");
  const found = new Set<string>();
  for (let i = 0; i + allowed + 1 <= secret.length; i++) {
    const fragment = secret.slice(i, i + allowed + 1);
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
