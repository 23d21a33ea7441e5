/**
 * The Prisma client for the configured database: SQLite (default, data/vault.db) or PostgreSQL when
 * DATABASE_URL is postgresql://. Two clients are generated from two schema files with identical models
 * (a schema's provider cannot come from the environment); the SQLite client's type stands for both.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@/generated/prisma/client";
import { PrismaClient as PgClient } from "@/generated/prisma-pg/client";
import { env } from "@/lib/foundation/env";
import { singleton } from "@/lib/foundation/runtime/singleton";
import { sqlitePathFromUrl } from "@/lib/foundation/db/sqlite-path";

export type Db = SqliteClient;
/** The client inside an interactive transaction. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(databaseUrl: string): Db {
  if (databaseUrl.startsWith("file:")) {
    return new SqliteClient({
      adapter: new PrismaBetterSQLite3({ url: sqlitePathFromUrl(databaseUrl), timeout: 10_000 }),
    });
  }
  // query_timeout: a PostgreSQL that hangs (stopped, not refusing) fails the query here after 15 s
  // instead of never; statement_timeout: the server cancels a statement stuck on its side.
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 5_000,
    query_timeout: 15_000,
    statement_timeout: 15_000,
  });
  return new PgClient({ adapter }) as unknown as Db;
}

/** The process's client (shared by the custom server and the Next.js bundle). */
export function db(): Db {
  return singleton("db", () => createDb(env().databaseUrl));
}
