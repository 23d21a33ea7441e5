/**
 * An OKAP-ready vault for end-to-end tests: the real server on a fresh database, an owner signed in
 * through the real UI endpoints, provider keys stored, and a direct database handle to check rows.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { deriveKeyRing, parseMasterKey } from "@/lib/foundation/crypto/key-ring";
import { hashSecret } from "@/lib/foundation/crypto/secret-token";
import { createDb, type Db } from "@/lib/foundation/db/client";
import { freshDatabaseUrl } from "@/test/support/databases";
import { databaseBytes } from "@/test/support/leaks";
import { ROOT, startVault, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

export const OWNER = { email: "owner@example.com", password: "correct horse battery" };
export const CANARY_KEY = "sk-CANARY-0123456789abcdefghijklmnopqrstuv";

export type OkapVault = {
  vault: VaultProcess;
  owner: WebClient;
  db: Db;
  databaseUrl: string;
  /** key id per provider */
  keys: Record<string, string>;
  tokenHash: (token: string) => string;
  cli: (args: string[], stdin?: string) => { status: number | null; stdout: string; stderr: string };
  /** Ids of pending requests, newest first, through the owner's inbox API. */
  pendingIds: () => Promise<string[]>;
  waitForPending: (count?: number) => Promise<string>;
  /** Everything the database holds, as text (SQLite file + WAL, or pg_dump), for leak checks. */
  dump: () => string;
  /** Token plaintexts (these, or any okap_ token) and the master key found in logs, database or audit. */
  leaks: (tokens: string[]) => Promise<string[]>;
  stop: () => Promise<void>;
};

export async function startOkapVault(
  kind: "sqlite" | "postgres",
  options: { env?: Record<string, string>; providers?: string[] } = {},
): Promise<OkapVault> {
  const databaseUrl = await freshDatabaseUrl(kind);
  const vault = await startVault({ databaseUrl, env: options.env });
  const owner = new WebClient(vault.url);
  if ((await owner.setup(OWNER.email, OWNER.password)).status !== 201) throw new Error("setup failed");
  if ((await owner.signIn(OWNER.email, OWNER.password)).status !== 200) throw new Error("sign-in failed");
  await owner.visit("/requests");
  const keys: Record<string, string> = {};
  for (const provider of options.providers ?? ["openai", "anthropic"]) {
    const added = await owner.request("POST", "/api/ui/keys", { json: { provider, label: "main", key: CANARY_KEY } });
    if (added.status !== 201) throw new Error(`adding the ${provider} key failed: ${added.text}`);
    keys[provider] = added.json().id;
  }
  const db = createDb(databaseUrl);
  const pepper = deriveKeyRing(parseMasterKey(readFileSync(path.join(vault.dataDir, "secret.key"), "utf8"))).tokenPepper;
  const cliEnv = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    VAULT_DATA_DIR: vault.dataDir,
  } as NodeJS.ProcessEnv;
  const dump = () => databaseBytes(databaseUrl).toString("latin1");
  const pendingIds = async () =>
    ((await owner.request("GET", "/api/ui/requests?status=pending")).json().data as { id: string }[]).map((r) => r.id);
  return {
    vault,
    owner,
    db,
    databaseUrl,
    keys,
    tokenHash: (token) => hashSecret(pepper, token),
    cli: (args, stdin) => {
      const script = `const { runCli } = await import(${JSON.stringify(path.join(ROOT, "dist", "cli.mjs"))}); process.exit(await runCli(process.argv.slice(1)));`;
      const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, ...args], {
        cwd: ROOT,
        env: cliEnv,
        input: stdin ?? "",
        encoding: "utf8",
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    pendingIds,
    async waitForPending(count = 1) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const ids = await pendingIds();
        if (ids.length >= count) return ids[0]!;
        if (Date.now() > deadline) throw new Error(`no pending request appeared (have ${ids.length})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    dump,
    async leaks(tokens) {
      const database = dump();
      if (!database.includes("AccessRequest")) throw new Error("the database dump is empty: the leak check would prove nothing");
      const everything = [vault.output(), database, JSON.stringify(await db.auditEvent.findMany())].join("\n");
      const found = tokens.filter((t) => everything.includes(t));
      const anyToken = /okap_[0-9A-Za-z]{36}/.exec(everything);
      if (anyToken) found.push(anyToken[0]);
      if (everything.includes(CANARY_KEY.slice(3, 20))) found.push("the provider key");
      return found;
    },
    async stop() {
      const t0 = Date.now();
      await db.$disconnect();
      const t1 = Date.now();
      await vault.stop();
      if (process.env.OKAP_TEST_DEBUG) console.log(`stop: db ${t1 - t0} ms, vault ${Date.now() - t1} ms`);
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
