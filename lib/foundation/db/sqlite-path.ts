import path from "node:path";

/** "file:./data/vault.db?x=y" -> absolute file path. */
export function sqlitePathFromUrl(url: string): string {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return raw === ":memory:" ? raw : path.resolve(raw);
}
