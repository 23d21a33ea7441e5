// Developer tool: `node scripts/db-migration.mjs <name>` after editing prisma/schema.prisma.
// 1. regenerates prisma/pg/schema.prisma from it (same models, PostgreSQL datasource);
// 2. for both databases, diffs the schema snapshot of the newest migration against the current
//    schema (offline, `prisma migrate diff`) and writes prisma[/pg]/migrations/<NNNN_name>/ with the
//    SQL and a new snapshot. test/unit/foundation/db/schema-parity.test.ts fails when a schema change has no migration.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./build-lib.mjs";

export function pgSchemaFrom(sqliteSchema) {
  return sqliteSchema
    .replace('output       = "../generated/prisma"', 'output       = "../../generated/prisma-pg"')
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(
      /url {6}= "file:\.\/placeholder\.db".*/,
      'url      = "postgresql://placeholder@127.0.0.1:5432/placeholder" // literal on purpose, see prisma/schema.prisma',
    );
}

function diff(config, from, to) {
  const args = [
    "migrate",
    "diff",
    "--config",
    config,
    from ? "--from-schema-datamodel" : "--from-empty",
    ...(from ? [from] : []),
    "--to-schema-datamodel",
    to,
    "--script",
  ];
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), args, { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr || result.stdout);
  return result.stdout;
}

function makeMigration(dir, config, schemaFile, name) {
  const existing = existsSync(dir)
    ? readdirSync(dir)
        .filter((d) => /^\d{4}_/.test(d))
        .sort()
    : [];
  const last = existing.at(-1);
  const snapshot = last ? path.join(dir, last, "schema.snapshot.prisma") : null;
  const sql = diff(config, snapshot, schemaFile);
  if (!/CREATE|ALTER|DROP/i.test(sql)) return console.log(`${path.relative(ROOT, dir)}: no schema change`);
  const next = `${String(existing.length + 1).padStart(4, "0")}_${name}`;
  mkdirSync(path.join(dir, next), { recursive: true });
  writeFileSync(path.join(dir, next, "migration.sql"), sql);
  writeFileSync(path.join(dir, next, "schema.snapshot.prisma"), readFileSync(schemaFile, "utf8"));
  console.log(`wrote ${path.relative(ROOT, path.join(dir, next))}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  if (!name) {
    console.error("usage: node scripts/db-migration.mjs <name>");
    process.exit(2);
  }
  const sqliteSchema = path.join(ROOT, "prisma", "schema.prisma");
  const pgSchema = path.join(ROOT, "prisma", "pg", "schema.prisma");
  writeFileSync(pgSchema, pgSchemaFrom(readFileSync(sqliteSchema, "utf8")));
  makeMigration(path.join(ROOT, "prisma", "migrations"), "prisma.config.ts", sqliteSchema, name);
  makeMigration(path.join(ROOT, "prisma", "pg", "migrations"), "prisma.pg.config.ts", pgSchema, name);
}
