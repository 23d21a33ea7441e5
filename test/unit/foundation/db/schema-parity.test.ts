/**
 * The SQLite and PostgreSQL schemas must describe the same models, and each newest migration's
 * schema snapshot must equal the schema (a schema change without a migration fails here).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "@/test/support/vault-server";

const read = (...parts: string[]) => readFileSync(path.join(ROOT, ...parts), "utf8");

/** The model/enum blocks of a schema, without generator and datasource. */
function models(schema: string): string {
  return schema
    .split(/\n(?=model |enum |generator |datasource |\/\/\/ )/)
    .filter((block) => !/^(generator|datasource) /.test(block.trim()) && !block.startsWith("//"))
    .join("\n")
    .replace(/\/\/ .*$/gm, "")
    .trim();
}

function newestSnapshot(dir: string): string {
  const newest = readdirSync(path.join(ROOT, dir))
    .filter((d) => /^\d{4}_/.test(d))
    .sort()
    .at(-1)!;
  return read(dir, newest, "schema.snapshot.prisma");
}

describe("database schemas", () => {
  it("hold the same models for SQLite and PostgreSQL", () => {
    const sqlite = models(read("prisma", "schema.prisma"));
    const pg = models(read("prisma", "pg", "schema.prisma"));
    expect(sqlite).toContain("model ProviderKey");
    expect(pg).toBe(sqlite);
  });

  it("use their own provider", () => {
    expect(read("prisma", "schema.prisma")).toMatch(/provider = "sqlite"/);
    expect(read("prisma", "pg", "schema.prisma")).toMatch(/provider = "postgresql"/);
  });

  it("have a migration for every change (newest snapshot = schema)", () => {
    expect(newestSnapshot("prisma/migrations")).toBe(read("prisma", "schema.prisma"));
    expect(newestSnapshot("prisma/pg/migrations")).toBe(read("prisma", "pg", "schema.prisma"));
  });

  it("have the same migrations for both databases", () => {
    const names = (dir: string) =>
      readdirSync(path.join(ROOT, dir))
        .filter((d) => /^\d{4}_/.test(d))
        .sort();
    expect(names("prisma/pg/migrations")).toEqual(names("prisma/migrations"));
  });
});
