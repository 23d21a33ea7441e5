/** Fresh databases for tests: a temp SQLite file, or a new PostgreSQL database of this run. */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, inject, it } from "vitest";

export const PG_AVAILABLE = inject("pgAdminUrl") !== "";
export const PG_SKIP_REASON = "PostgreSQL is not reachable at 127.0.0.1:5432 (see the note printed at the start of the run)";

export function tempDir(prefix = "okap-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function sqliteUrl(dir = tempDir()): string {
  return `file:${path.join(dir, "vault.db")}`;
}

export async function createPgDatabase(): Promise<string> {
  const admin = inject("pgAdminUrl");
  if (!admin) throw new Error(PG_SKIP_REASON);
  const name = `${inject("testRunId")}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Both databases as test parameters; PostgreSQL only when it is reachable. */
export const DATABASES: { kind: "sqlite" | "postgres"; skip: boolean }[] = [
  { kind: "sqlite", skip: false },
  { kind: "postgres", skip: !PG_AVAILABLE },
];

export type DatabaseKind = (typeof DATABASES)[number]["kind"];

/**
 * `describe` once per database (title with `$kind`); where PostgreSQL is unreachable its block is a
 * single skipped test that says why.
 */
export function describeEachDatabase(title: string, body: (kind: DatabaseKind) => void): void {
  describe.each(DATABASES)(title, ({ kind, skip }) => {
    if (skip) return void it.skip(`skipped: ${PG_SKIP_REASON}`, () => undefined);
    body(kind);
  });
}

export async function freshDatabaseUrl(kind: "sqlite" | "postgres"): Promise<string> {
  return kind === "sqlite" ? sqliteUrl() : createPgDatabase();
}
