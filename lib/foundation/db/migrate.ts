/**
 * Applies the committed SQL migrations (prisma/migrations for SQLite, prisma/pg/migrations for
 * PostgreSQL) in order, each in its own transaction, recording name and checksum in
 * _okap_migrations. Safe to run on every start and from several instances at once (SQLite: the
 * write lock of BEGIN IMMEDIATE; PostgreSQL: an advisory lock). Refuses to run when an applied
 * migration was edited afterwards. Prisma's own `migrate deploy` is not used: its PostgreSQL path
 * needs a schema engine that does not work offline (docs/development.md, "Migrations").
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { sqlitePathFromUrl } from "@/lib/foundation/db/sqlite-path";

export type Migration = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; total: number };

const LOCK_ID = 724_061_311; // arbitrary, constant advisory lock id for migrations

export function migrationsDir(kind: "sqlite" | "postgres", root = process.cwd()): string {
  return kind === "sqlite" ? path.join(root, "prisma", "migrations") : path.join(root, "prisma", "pg", "migrations");
}

export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkHistory(applied: Map<string, string>, migrations: Migration[]): void {
  const known = new Map(migrations.map((m) => [m.name, m.checksum]));
  for (const [name, checksum] of applied) {
    const expected = known.get(name);
    if (expected === undefined) {
      throw new Error(`the database has migration ${name}, which this version of okap-vault does not know (is it newer?)`);
    }
    if (expected !== checksum) throw new Error(`migration ${name} was changed after it was applied`);
  }
}

export function migrateSqlite(databaseUrl: string, migrations: Migration[]): MigrateResult {
  const file = sqlitePathFromUrl(databaseUrl);
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { timeout: 15_000 });
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.exec(
      `CREATE TABLE IF NOT EXISTS "_okap_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`,
    );
    const appliedNames: string[] = [];
    const run = sqlite.transaction(() => {
      const rows = sqlite.prepare(`SELECT "name", "checksum" FROM "_okap_migrations"`).all() as { name: string; checksum: string }[];
      const applied = new Map(rows.map((r) => [r.name, r.checksum]));
      checkHistory(applied, migrations);
      for (const m of migrations) {
        if (applied.has(m.name)) continue;
        sqlite.exec(m.sql);
        sqlite
          .prepare(`INSERT INTO "_okap_migrations" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)`)
          .run(m.name, m.checksum, new Date().toISOString());
        appliedNames.push(m.name);
      }
    });
    run.immediate();
    return { applied: appliedNames, total: migrations.length };
  } finally {
    sqlite.close();
  }
}

export async function migratePostgres(databaseUrl: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_okap_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL)`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "_okap_migrations"`);
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    checkHistory(applied, migrations);
    const appliedNames: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_okap_migrations" ("name", "checksum", "appliedAt") VALUES ($1, $2, now())`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      appliedNames.push(m.name);
    }
    return { applied: appliedNames, total: migrations.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

export async function migrateDatabase(databaseUrl: string, root = process.cwd()): Promise<MigrateResult> {
  if (databaseUrl.startsWith("file:")) return migrateSqlite(databaseUrl, readMigrations(migrationsDir("sqlite", root)));
  return migratePostgres(databaseUrl, readMigrations(migrationsDir("postgres", root)));
}
