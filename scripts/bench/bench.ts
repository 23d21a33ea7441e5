/**
 * `npm run bench [-- --runs N --seconds S --only a,b]`: starts a fake provider, the vault (direct
 * node:http route on SQLite; the Next.js route for comparison; one and two instances on one
 * PostgreSQL) and Portkey's gateway as the peer, then measures in one run: direct to the fake vs
 * through each, non-streaming at concurrency 1 and 32 (req/s, p50, p99), and streaming time to
 * first byte. Caps, rate limits and metering are all on. Medians of the runs go to BENCHMARKS.md.
 * `npm run bench -- --soak 10m [--soak-db postgres|sqlite]` runs the soak instead (soak.ts), and
 * `npm run bench -- --cockpit [--events 10000,1000000]` the cockpit at those sizes of history (cockpit.ts).
 * Do not run it next to a test suite: it needs the whole machine. The npm script builds what is
 * stale first (the generated Prisma clients must exist before these modules load).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { concurrent, sequential, type LoadResult, type Target } from "@/scripts/bench/load";
import { ROOT, startProcess } from "@/scripts/bench/processes";
import { COCKPIT_END, COCKPIT_START, renderReport, SOAK_END, SOAK_START, type Measurements } from "@/scripts/bench/report";
import { runCockpitBench } from "@/scripts/bench/cockpit";
import { parseDuration, runSoak } from "@/scripts/bench/soak";
import { postgresReachable, startVaults, type Vaults } from "@/scripts/bench/vaults";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    seconds: { type: "string", default: "4" },
    only: { type: "string" },
    soak: { type: "string" },
    "soak-db": { type: "string", default: "postgres" },
    cockpit: { type: "boolean" },
    events: { type: "string", default: "10000,1000000" },
    requests: { type: "string", default: "7" },
    reuse: { type: "string", multiple: true },
  },
});
const RUNS = Number(values.runs);
const SECONDS = Number(values.seconds);
const BODY = JSON.stringify({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "What is the capital of France?" }],
  max_tokens: 64,
});
const STREAM_BODY = JSON.stringify({ ...JSON.parse(BODY), stream: true });
const REPORT = path.join(ROOT, "BENCHMARKS.md");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A section (soak, cockpit) of the current BENCHMARKS.md, kept when the main benchmark rewrites the file. */
function currentSection(startMarker: string, endMarker: string): string | null {
  if (!existsSync(REPORT)) return null;
  const text = readFileSync(REPORT, "utf8");
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker);
  return start >= 0 && end > start ? text.slice(start, end + endMarker.length) : null;
}

async function main(): Promise<void> {
  if (values.cockpit) {
    const reuse = new Map((values.reuse ?? []).map((r) => [Number(r.split("=")[0]), r.slice(r.indexOf("=") + 1)] as const));
    await runCockpitBench({ sizes: values.events.split(",").map(Number), requests: Number(values.requests), reuse });
    return;
  }
  if (values.soak) {
    await runSoak({ durationMs: parseDuration(values.soak), kind: values["soak-db"] === "sqlite" ? "sqlite" : "postgres", report: REPORT });
    return;
  }
  const fake = await startProcess("fake provider", ["scripts/bench/fake-provider.mjs", "{port}"], {}, (url) => `${url}/`);
  const withPg = await postgresReachable();
  if (!withPg) process.stderr.write("[bench] PostgreSQL is unreachable (OKAP_BENCH_PG_URL): the PostgreSQL rows are skipped\n");
  const vaults: Record<string, Vaults> = {
    vault: await startVaults(fake.url, { kind: "sqlite" }),
    "vault-next": await startVaults(fake.url, { kind: "sqlite", router: "next" }),
  };
  if (withPg) {
    vaults["vault-pg"] = await startVaults(fake.url, { kind: "postgres" });
    vaults["vault-pg-2x"] = await startVaults(fake.url, { kind: "postgres", instances: 2 });
  }
  const portkey = await startProcess(
    "portkey gateway",
    ["node_modules/@portkey-ai/gateway/build/start-server.js", "--port={port}", "--headless"],
    {},
    (url) => `${url}/`,
  );
  const targets: Record<string, Target> = {
    direct: { urls: [`${fake.url}/v1/chat/completions`], headers: { authorization: "Bearer sk-bench" } },
    ...Object.fromEntries(
      Object.entries(vaults).map(([name, v]) => [
        name,
        { urls: v.urls.map((u) => `${u}/v1/openai/chat/completions`), headers: { authorization: `Bearer ${v.token}` } },
      ]),
    ),
    portkey: {
      urls: [`${portkey.url}/v1/chat/completions`],
      headers: { authorization: "Bearer sk-bench", "x-portkey-provider": "openai", "x-portkey-custom-host": `${fake.url}/v1` },
    },
  };
  const runs: Record<string, { c1: LoadResult[]; c32: LoadResult[]; ttfb: LoadResult[] }> = {};
  for (const name of Object.keys(targets)) runs[name] = { c1: [], c32: [], ttfb: [] };
  if (values.only) for (const name of Object.keys(targets)) if (!values.only.split(",").includes(name)) delete targets[name];
  const ledger: Record<string, { settled: number; pending: number }> = {};
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const [name, target] of Object.entries(targets)) {
        process.stderr.write(`[bench] run ${run}/${RUNS}: ${name}\n`);
        runs[name]!.c1.push(await sequential(target, BODY, SECONDS));
        runs[name]!.c32.push(await concurrent(target, BODY, 32, SECONDS));
        if (name !== "portkey") runs[name]!.ttfb.push(await sequential(target, STREAM_BODY, SECONDS, true)); // Portkey streaming fails on Node 20 (TypeError: immutable, Portkey-AI/gateway#1389)
      }
    }
    for (const [name, v] of Object.entries(vaults)) {
      ledger[name] = {
        settled: await v.grants.db.usageEvent.count({ where: { outcome: "ok" } }),
        pending: await v.grants.db.usageEvent.count({ where: { outcome: "pending" } }),
      };
    }
  } finally {
    await Promise.all([...Object.values(vaults).map((v) => v.stop()), portkey.stop(), fake.stop()]);
  }
  const pick = (list: LoadResult[]) => ({
    rps: median(list.map((r) => r.rps)),
    p50: median(list.map((r) => r.p50)),
    p99: median(list.map((r) => r.p99)),
  });
  const measurements: Measurements = {};
  for (const [name, r] of Object.entries(runs))
    if (r.c1.length) measurements[name] = { c1: pick(r.c1), c32: pick(r.c32), ttfb: r.ttfb.length ? pick(r.ttfb) : null };
  if (values.only) {
    process.stdout.write(JSON.stringify(measurements, null, 2) + "\n"); // a partial run: no report
    return;
  }
  const report = renderReport(measurements, {
    runs: RUNS,
    seconds: SECONDS,
    ledger,
    soak: currentSection(SOAK_START, SOAK_END),
    cockpit: currentSection(COCKPIT_START, COCKPIT_END),
  });
  writeFileSync(REPORT, report);
  process.stdout.write(report);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
