// Prisma CLI configuration for the SQLite schema. The CLI is used only offline, for `generate` and
// `migrate diff` (`engine: "js"` keeps it from downloading engine binaries); migrations are applied by
// lib/foundation/db/migrate.ts. The adapter below is never connected by those commands.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaBetterSQLite3({ url: ":memory:" }),
});
