/**
 * Once per test run: checks whether PostgreSQL is reachable (tests that need it create their own
 * fresh database through test/support/databases.ts and skip, saying so, when it is not) and drops the
 * databases this run created.
 */
import pg from "pg";
import type { TestProject } from "vitest/node";

export const PG_ADMIN_URL = process.env.OKAP_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

async function dropDatabases(pattern: string, olderThanMs = 0): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [pattern]);
    for (const { datname } of rows) {
      const stamp = Number(datname.split("_")[2]);
      if (olderThanMs && Date.now() - stamp < olderThanMs) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const runId = `okap_test_${Date.now()}`;
  let available = false;
  try {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    await client.connect();
    await client.query("SELECT 1");
    await client.end();
    available = true;
    await dropDatabases("okap_test_%", 6 * 3600_000); // leftovers of killed runs
  } catch (error) {
    process.stderr.write(
      `\n[tests] PostgreSQL at ${PG_ADMIN_URL} is unreachable (${(error as Error).message}): every PostgreSQL test will be SKIPPED.\n\n`,
    );
  }
  project.provide("pgAdminUrl", available ? PG_ADMIN_URL : "");
  project.provide("testRunId", runId);
  return async () => {
    if (available) await dropDatabases(`${runId}_%`);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    testRunId: string;
  }
}
