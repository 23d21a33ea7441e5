/**
 * `npm run bench [-- --runs N --seconds S]`: starts a fake provider, the vault (direct node:http
 * route and, for comparison, the Next.js route) and Portkey's gateway as the peer, then measures in
 * one run: direct to the fake vs through each proxy, non-streaming at concurrency 1 and 32 (req/s,
 * p50, p99), and streaming time to first byte. Caps, rate limits and metering are all on. Medians
 * of the runs go to BENCHMARKS.md. Do not run it next to a test suite: it needs the whole machine.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { GrantFactory, newSecretKey } from "../../test/support/grants";
import { concurrent, sequential, type LoadResult, type Target } from "./load";
import { ROOT, startProcess, type Proc } from "./processes";
import { renderReport, type Measurements } from "./report";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, seconds: { type: "string", default: "4" }, only: { type: "string" } } });
const RUNS = Number(values.runs);
const SECONDS = Number(values.seconds);
const BODY = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "What is the capital of France?" }], max_tokens: 64 });
const STREAM_BODY = JSON.stringify({ ...JSON.parse(BODY), stream: true });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function startVault(fake: Proc, router: "direct" | "next"): Promise<{ proc: Proc; token: string; grants: GrantFactory }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "okap-bench-"));
  const databaseUrl = `file:${path.join(dir, "vault.db")}`;
  const secret = newSecretKey();
  const proc = await startProcess(
    `vault (${router})`,
    ["dist/server.mjs"],
    { VAULT_DATA_DIR: dir, DATABASE_URL: databaseUrl, VAULT_SECRET_KEY: secret, VAULT_UPSTREAM_OPENAI: `${fake.url}/v1`, VAULT_LOG_LEVEL: "warn", VAULT_PROXY_ROUTER: router, NEXT_TELEMETRY_DISABLED: "1" },
    (url) => `${url}/readyz`,
  );
  const grants = new GrantFactory(databaseUrl, secret);
  const grant = await grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "100000", dailyUsd: "10000", rpm: 1_000_000, rpd: 100_000_000 }]);
  return { proc, token: grant.token, grants };
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ["-e", 'import("./scripts/build-lib.mjs").then((m) => m.ensureBuilt())'], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) throw new Error("build failed");
  const fake = await startProcess("fake provider", ["scripts/bench/fake-provider.mjs", "{port}"], {}, (url) => `${url}/`);
  const vault = await startVault(fake, "direct");
  const viaNext = await startVault(fake, "next");
  const portkey = await startProcess("portkey gateway", ["node_modules/@portkey-ai/gateway/build/start-server.js", "--port={port}", "--headless"], {}, (url) => `${url}/`);
  const targets: Record<string, Target> = {
    direct: { url: `${fake.url}/v1/chat/completions`, headers: { authorization: "Bearer sk-bench" } },
    vault: { url: `${vault.proc.url}/v1/openai/chat/completions`, headers: { authorization: `Bearer ${vault.token}` } },
    "vault-next": { url: `${viaNext.proc.url}/v1/openai/chat/completions`, headers: { authorization: `Bearer ${viaNext.token}` } },
    portkey: { url: `${portkey.url}/v1/chat/completions`, headers: { authorization: "Bearer sk-bench", "x-portkey-provider": "openai", "x-portkey-custom-host": `${fake.url}/v1` } },
  };
  const runs: Record<string, { c1: LoadResult[]; c32: LoadResult[]; ttfb: LoadResult[] }> = {};
  for (const name of Object.keys(targets)) runs[name] = { c1: [], c32: [], ttfb: [] };
  if (values.only) for (const name of Object.keys(targets)) if (!values.only.split(",").includes(name)) delete targets[name];
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const [name, target] of Object.entries(targets)) {
        process.stderr.write(`[bench] run ${run}/${RUNS}: ${name}\n`);
        runs[name]!.c1.push(await sequential(target, BODY, SECONDS));
        runs[name]!.c32.push(await concurrent(target, BODY, 32, SECONDS));
        if (name !== "portkey") runs[name]!.ttfb.push(await sequential(target, STREAM_BODY, SECONDS, true)); // Portkey streaming fails on Node 20 (stack.md)
      }
    }
  } finally {
    await Promise.all([vault.proc.stop(), viaNext.proc.stop(), portkey.stop(), fake.stop()]);
  }
  const pick = (list: LoadResult[]) => ({ rps: median(list.map((r) => r.rps)), p50: median(list.map((r) => r.p50)), p99: median(list.map((r) => r.p99)) });
  const measurements: Measurements = {};
  for (const [name, r] of Object.entries(runs)) if (r.c1.length) measurements[name] = { c1: pick(r.c1), c32: pick(r.c32), ttfb: r.ttfb.length ? pick(r.ttfb) : null };
  const settled = await vault.grants.db.usageEvent.count({ where: { outcome: "ok" } });
  const pending = await vault.grants.db.usageEvent.count({ where: { outcome: "pending" } });
  await Promise.all([vault.grants.close(), viaNext.grants.close()]);
  if (values.only) {
    process.stdout.write(JSON.stringify(measurements, null, 2) + "\n"); // a partial run: no report
    return;
  }
  const report = renderReport(measurements, { runs: RUNS, seconds: SECONDS, settled, pending });
  writeFileSync(path.join(ROOT, "BENCHMARKS.md"), report);
  process.stdout.write(report);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
