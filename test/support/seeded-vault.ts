/**
 * A vault with the demo data of `npm run seed`: the real server on a fresh database, the owner set up
 * through the UI endpoints, then scripts/seed.ts run against the same database and data directory
 * (so it uses the server's master key), exactly as a person would run it.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createDb, type Db } from "@/lib/foundation/db/client";
import { freshDatabaseUrl } from "@/test/support/databases";
import { ROOT, startVault, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

export const SEED_OWNER = { email: "cockpit@example.com", password: "cockpit owner password" };

export type SeededVault = {
  vault: VaultProcess;
  owner: WebClient;
  db: Db;
  databaseUrl: string;
  seed: () => string;
  stop: () => Promise<void>;
};

export function runSeed(databaseUrl: string, dataDir: string): string {
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/seed.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_URL: databaseUrl,
      VAULT_DATA_DIR: dataDir,
      NODE_ENV: "production",
    },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`seed failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The vault with its owner set up; `seed()` then adds the demo data (so a test can see the empty vault first). */
export async function startVaultToSeed(kind: "sqlite" | "postgres", env: Record<string, string> = {}): Promise<SeededVault> {
  const databaseUrl = await freshDatabaseUrl(kind);
  const vault = await startVault({ databaseUrl, env });
  const owner = new WebClient(vault.url);
  if ((await owner.setup(SEED_OWNER.email, SEED_OWNER.password)).status !== 201) throw new Error("setup failed");
  if ((await owner.signIn(SEED_OWNER.email, SEED_OWNER.password)).status !== 200) throw new Error("sign-in failed");
  const db = createDb(databaseUrl);
  return {
    vault,
    owner,
    db,
    databaseUrl,
    seed: () => runSeed(databaseUrl, vault.dataDir),
    async stop() {
      await db.$disconnect();
      await vault.stop();
    },
  };
}
