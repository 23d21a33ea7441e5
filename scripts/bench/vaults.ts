/**
 * The vaults the benchmark measures: one instance on SQLite (the default install), or N instances
 * on one fresh PostgreSQL database (the scale-out setup: same key, same grant, load split across
 * them). Caps, rate limits and metering are on for every request.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { GrantFactory, newSecretKey } from "@/test/support/grants";
import { startProcess, type Proc } from "@/scripts/bench/processes";

export const BENCH_PG_ADMIN_URL = process.env.OKAP_BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export type Vaults = { procs: Proc[]; urls: string[]; token: string; grants: GrantFactory; databaseUrl: string; stop: () => Promise<void> };

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Whether the benchmark's PostgreSQL answers (its rows are skipped, saying so, when it does not). */
export async function postgresReachable(): Promise<boolean> {
  return adminQuery("SELECT 1").then(
    () => true,
    () => false,
  );
}

async function freshDatabase(kind: "sqlite" | "postgres", dir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === "sqlite") return { url: `file:${path.join(dir, "vault.db")}`, drop: async () => undefined };
  const name = `okap_bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(BENCH_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export async function startVaults(
  fakeUrl: string,
  options: { kind: "sqlite" | "postgres"; instances?: number; router?: "direct" | "next"; logLevel?: string },
): Promise<Vaults> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "okap-bench-"));
  const database = await freshDatabase(options.kind, dir);
  const secret = newSecretKey();
  const procs: Proc[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++) {
    procs.push(
      await startProcess(
        `vault (${options.kind} ${i + 1}${options.router === "next" ? ", next" : ""})`,
        ["dist/server.mjs"],
        {
          VAULT_DATA_DIR: path.join(dir, `node-${i}`),
          DATABASE_URL: database.url,
          VAULT_SECRET_KEY: secret,
          VAULT_UPSTREAM_OPENAI: `${fakeUrl}/v1`,
          VAULT_LOG_LEVEL: options.logLevel ?? "warn",
          VAULT_PROXY_ROUTER: options.router ?? "direct",
          NEXT_TELEMETRY_DISABLED: "1",
        },
        (url) => `${url}/readyz`,
      ),
    );
  }
  const grants = new GrantFactory(database.url, secret);
  const grant = await grants.create([
    { provider: "openai", capabilities: ["chat"], monthlyUsd: "100000", dailyUsd: "10000", rpm: 1_000_000, rpd: 100_000_000 },
  ]);
  return {
    procs,
    urls: procs.map((p) => p.url),
    token: grant.token,
    grants,
    databaseUrl: database.url,
    async stop() {
      await Promise.all(procs.map((p) => p.stop()));
      await grants.close();
      await database.drop();
    },
  };
}
