/**
 * `npm run seed`: fills a vault with demo data (the database of DATABASE_URL / VAULT_DATA_DIR, like
 * the CLI): an owner (created if there is none: --email, password from stdin with --password-stdin,
 * or a printed demo password), three provider keys with fake secrets, eight apps (approved, paused,
 * revoked, pending, denied) through the vault's own operations, a month of usage written as the
 * proxy's ledger would hold it, and an owner price. Refuses a vault that already has grants.
 * `--events N` then adds more of the same usage until the vault holds N usage events (scripts/seed/bulk-usage.ts).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const DEMO_PASSWORD = "demo vault password";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: "string" }, "password-stdin": { type: "boolean" }, seed: { type: "string" }, events: { type: "string" } },
    strict: true,
  });
  // the Prisma clients must exist before lib/ is imported
  const build = spawnSync(
    process.execPath,
    ["-e", 'import("./scripts/build-lib.mjs").then((m) => m.ensureBuilt({ targets: ["prisma"] }))'],
    { cwd: path.resolve(import.meta.dirname, ".."), stdio: ["ignore", "inherit", "inherit"] },
  );
  if (build.status !== 0) throw new Error("building the Prisma clients failed");
  const events = values.events === undefined ? null : Number(values.events);
  if (events !== null && (!Number.isInteger(events) || events < 0)) throw new Error("--events must be a whole number");
  const [{ openCliContext }, { seedDemoVault }, { seedBulkUsage }, { Random }, { env }] = await Promise.all([
    import("@/cli/context"),
    import("@/scripts/seed/seed-demo-vault"),
    import("@/scripts/seed/bulk-usage"),
    import("@/scripts/seed/random"),
    import("@/lib/foundation/env"),
  ]);
  const { db } = await openCliContext(); // migrated, unsealed, like every CLI command
  const password = values["password-stdin"] ? readFileSync(0, "utf8").replace(/\r?\n$/, "") : DEMO_PASSWORD;
  const seed = Number(values.seed ?? 2026);
  if (!Number.isInteger(seed)) throw new Error("--seed must be a whole number");
  const now = new Date();
  const result = await seedDemoVault(db, { email: values.email ?? "demo@example.com", password, seed, now });
  for (const app of result.apps)
    process.stdout.write(`${app.decision.padEnd(8)} ${app.name}${app.events ? ` (${app.events} requests)` : ""}\n`);
  if (events !== null) {
    const owner = await db.user.findUniqueOrThrow({ where: { email: result.email } });
    const started = Date.now();
    let written = 0;
    const added = await seedBulkUsage(db, env().databaseUrl, owner.id, events, new Random(seed + 1), now, (n) => {
      written += n;
      if (written % 100_000 < n) process.stdout.write(`  ${written.toLocaleString("en-US")} more usage events\n`);
    });
    process.stdout.write(`added ${added.toLocaleString("en-US")} usage events in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  if (result.createdOwner) {
    process.stdout.write(`\nowner: ${result.email}${values["password-stdin"] ? "" : ` / password: ${DEMO_PASSWORD}`}\n`);
  } else process.stdout.write(`\nseeded for the owner ${result.email}\n`);
  await db.$disconnect();
}

main().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
