/**
 * `npm run seed`: fills a vault with demo data (the database of DATABASE_URL / VAULT_DATA_DIR, like
 * the CLI): an owner (created if there is none: --email, password from stdin with --password-stdin,
 * or a printed demo password), three provider keys with fake secrets, eight apps (approved, paused,
 * revoked, pending, denied) through the vault's own operations, a month of usage written as the
 * proxy's ledger would hold it, and an owner price. Refuses a vault that already has grants.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const DEMO_PASSWORD = "demo vault password";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: "string" }, "password-stdin": { type: "boolean" }, seed: { type: "string" } },
    strict: true,
  });
  // the Prisma clients must exist before lib/ is imported
  const build = spawnSync(
    process.execPath,
    ["-e", 'import("./scripts/build-lib.mjs").then((m) => m.ensureBuilt({ targets: ["prisma"] }))'],
    { cwd: path.resolve(import.meta.dirname, ".."), stdio: ["ignore", "inherit", "inherit"] },
  );
  if (build.status !== 0) throw new Error("building the Prisma clients failed");
  const [{ openCliContext }, { seedDemoVault }] = await Promise.all([import("@/cli/context"), import("@/scripts/seed/seed-demo-vault")]);
  const { db } = await openCliContext(); // migrated, unsealed, like every CLI command
  const password = values["password-stdin"] ? readFileSync(0, "utf8").replace(/\r?\n$/, "") : DEMO_PASSWORD;
  const seed = Number(values.seed ?? 2026);
  if (!Number.isInteger(seed)) throw new Error("--seed must be a whole number");
  const result = await seedDemoVault(db, { email: values.email ?? "demo@example.com", password, seed });
  for (const app of result.apps)
    process.stdout.write(`${app.decision.padEnd(8)} ${app.name}${app.events ? ` (${app.events} requests)` : ""}\n`);
  if (result.createdOwner) {
    process.stdout.write(`\nowner: ${result.email}${values["password-stdin"] ? "" : ` / password: ${DEMO_PASSWORD}`}\n`);
  } else process.stdout.write(`\nseeded for the owner ${result.email}\n`);
  await db.$disconnect();
}

main().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
