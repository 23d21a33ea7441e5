// Prisma CLI configuration for the PostgreSQL schema (same models as prisma/schema.prisma); see
// prisma.config.ts. `migrate diff` connects the adapter even for schema-to-schema diffs, so it points at
// the local development PostgreSQL (PRISMA_PG_URL); `generate` never connects.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "pg", "schema.prisma"),
  migrations: { path: path.join("prisma", "pg", "migrations") },
  adapter: async () =>
    new PrismaPg({
      connectionString: process.env.PRISMA_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    }),
});
