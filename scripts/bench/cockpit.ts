/**
 * `npm run bench -- --cockpit [--events 10000,1000000] [--requests 7]`: the cockpit at several sizes
 * of usage history. For each size a fresh vault on SQLite (the real server), its owner signed in, the
 * demo data of `npm run seed -- --events N`, a read management key; then every page and endpoint is
 * asked `--requests` times after one warm-up, the sizes interleaved request by request, and the median
 * time to the full answer is kept (the exports: time to the first byte, and once at the largest size
 * the whole download with the server's peak memory). Ratios are to the same page at the smallest size
 * and to /audit at the same size. `--reuse N=dir` measures a vault seeded by an earlier run. Writes the cockpit section of BENCHMARKS.md (between its markers) and keeps the rest.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, startProcess } from "@/scripts/bench/processes";
import { WebClient } from "@/test/support/web-client";
import { COCKPIT_END, COCKPIT_START } from "@/scripts/bench/report";

const OWNER = { email: "bench@example.com", password: "cockpit bench owner password" };
const REPORT = path.join(ROOT, "BENCHMARKS.md");

type Sample = { ms: number; status: number };
type SizeResult = {
  events: number;
  seedSeconds: number;
  medians: Map<string, number>;
  exportFull?: { ms: number; rows: number; peakMiB: number };
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function seed(dataDir: string, events: number): number {
  const started = Date.now();
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/seed.ts", "--events", String(events)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", VAULT_DATA_DIR: dataDir, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`seed failed:\n${result.stdout}\n${result.stderr}`);
  return (Date.now() - started) / 1000;
}

async function timed(url: string, headers: Record<string, string>, firstByte: boolean): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(url, { headers, redirect: "manual" });
  if (firstByte) {
    const reader = response.body!.getReader();
    await reader.read();
    const ms = performance.now() - started;
    await reader.cancel();
    return { ms, status: response.status };
  }
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : NaN;
}

type Prepared = {
  events: number;
  seedSeconds: number;
  targets: [string, string, Record<string, string>, boolean][];
  vault: Awaited<ReturnType<typeof startProcess>>;
  api: Record<string, string>;
  stop: () => Promise<void>;
};

/** A running vault of `events` usage events, its owner signed in, and the pages and endpoints to ask. */
async function prepareSize(events: number, reuse?: string): Promise<Prepared> {
  const dataDir = reuse ?? mkdtempSync(path.join(os.tmpdir(), "okap-bench-cockpit-"));
  const vault = await startProcess(
    "vault (cockpit)",
    ["dist/server.mjs"],
    { VAULT_DATA_DIR: dataDir, VAULT_LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1" },
    (url) => `${url}/readyz`,
  );
  const stop = async () => {
    await vault.stop();
    if (!reuse) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const owner = new WebClient(vault.url);
    let seedSeconds = NaN;
    if (!reuse) {
      if ((await owner.setup(OWNER.email, OWNER.password)).status !== 201) throw new Error("setup failed");
      process.stderr.write(`[bench] cockpit: seeding ${events.toLocaleString("en-US")} usage events\n`);
      seedSeconds = seed(dataDir, events);
    }
    // right after a large seed the server may still be checkpointing its WAL: a few tries
    for (let attempt = 1; ; attempt++) {
      const signedIn = await owner.signIn(OWNER.email, OWNER.password).catch((error: unknown) => ({ status: 0, text: String(error) }));
      if (signedIn.status === 200) break;
      if (attempt === 5) throw new Error(`sign-in failed: ${signedIn.status} ${signedIn.text}`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    await owner.visit("/"); // a page hands out the CSRF cookie the key's form needs
    const created = await owner.request("POST", "/api/ui/management-keys", { json: { name: `bench ${Date.now()}`, scope: "read" } });
    if (created.status !== 201) throw new Error(`creating a management key failed: ${created.status} ${created.text}`);
    const key = created.json().key as string;
    const api = { authorization: `Bearer ${key}` };
    const page = { cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
    const grants = (await (await fetch(`${vault.url}/api/v1/usage/aggregate?by=grant`, { headers: api })).json()) as {
      data: { key: string }[];
    };
    const busiest = grants.data[0]!.key;
    const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    const offHour = new Date(Date.now() - 9.5 * 86_400_000 - 17 * 60_000).toISOString();
    const targets: [string, string, Record<string, string>, boolean][] = [
      ["/audit", "/audit", page, false],
      ["/requests", "/requests", page, false],
      ["/ (overview)", "/", page, false],
      ["/grants", "/grants", page, false],
      ["/grants/<busiest>", `/grants/${busiest}`, page, false],
      ["/grants/<busiest>?model=gpt-4o", `/grants/${busiest}?model=gpt-4o`, page, false],
      ["/usage", "/usage", page, false],
      ["/usage?grant_id=<busiest>", `/usage?grant_id=${busiest}`, page, false],
      ["/usage?provider=anthropic", "/usage?provider=anthropic", page, false],
      ["/usage?model=gpt-4o", "/usage?model=gpt-4o", page, false],
      ["/usage?outcome=upstream_error", "/usage?outcome=upstream_error", page, false],
      ["/usage?since=<10 days ago, off the hour>", `/usage?since=${encodeURIComponent(offHour)}`, page, false],
      ["/usage?since&until (7 whole days)", `/usage?since=${day(10)}&until=${day(3)}`, page, false],
      ["/usage page 40 (cursor)", "", page, false], // filled in below
      ["GET /api/v1/usage", "/api/v1/usage?limit=100", api, false],
      ["GET /api/v1/usage/aggregate?by=model", "/api/v1/usage/aggregate?by=model", api, false],
      ["GET /api/v1/usage/aggregate?by=day", "/api/v1/usage/aggregate?by=day", api, false],
      ["GET /api/v1/usage/aggregate?by=grant", "/api/v1/usage/aggregate?by=grant", api, false],
      ["GET /api/v1/usage/aggregate?by=provider", "/api/v1/usage/aggregate?by=provider", api, false],
      ["GET /api/v1/grants", "/api/v1/grants", api, false],
      ["GET /api/v1/usage/export?format=csv (first byte)", "/api/v1/usage/export?format=csv", api, true],
      ["GET /api/ui/usage/export?format=csv (first byte)", "/api/ui/usage/export?format=csv", page, true],
    ];
    // a page deep in the log, reached as a person would: forty clicks on "Older"
    let cursor = "";
    for (let i = 0; i < 39; i++) {
      const body = (await (
        await fetch(`${vault.url}/api/v1/usage?limit=50${cursor ? `&cursor=${cursor}` : ""}`, { headers: api })
      ).json()) as {
        next_cursor: string;
      };
      cursor = body.next_cursor;
    }
    targets.find((t) => t[0] === "/usage page 40 (cursor)")![1] = `/usage?page=40&cursor=${cursor}`;
    return { events, seedSeconds, targets, vault, api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function fullExport(p: Prepared): Promise<NonNullable<SizeResult["exportFull"]>> {
  const started = performance.now();
  const response = await fetch(`${p.vault.url}/api/v1/usage/export?format=csv`, { headers: p.api });
  let rows = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const byte of value) if (byte === 10) rows++;
  }
  return { ms: performance.now() - started, rows: rows - 1, peakMiB: peakRssMiB(p.vault.child.pid!) };
}

/**
 * Every page and endpoint, the sizes interleaved request by request (so that a busy moment of a
 * shared machine weighs on every size alike), after one warm-up each; the medians per size.
 */
async function measure(sizes: Prepared[], requests: number): Promise<SizeResult[]> {
  const medians = sizes.map(() => new Map<string, number>());
  for (const [t, [name]] of sizes[0]!.targets.entries()) {
    const samples: number[][] = sizes.map(() => []);
    for (let i = 0; i <= requests; i++)
      for (const [k, p] of sizes.entries()) {
        const [, url, headers, firstByte] = p.targets[t]!;
        const sample = await timed(p.vault.url + url, headers, firstByte);
        if (sample.status !== 200) throw new Error(`${name} answered ${sample.status} at ${p.events} events`);
        if (i > 0) samples[k]!.push(sample.ms);
      }
    for (const [k, p] of sizes.entries()) {
      medians[k]!.set(name, median(samples[k]!));
      process.stderr.write(`[bench] cockpit ${p.events}: ${name} ${medians[k]!.get(name)!.toFixed(1)} ms\n`);
    }
  }
  return sizes.map((p, k) => ({ events: p.events, seedSeconds: p.seedSeconds, medians: medians[k]! }));
}

function render(results: SizeResult[], requests: number): string {
  const [small, ...larger] = results;
  const names = [...small!.medians.keys()];
  const head = `| page / endpoint | ${results.map((r) => `${r.events.toLocaleString("en-US")} events`).join(" | ")} | ${larger
    .map((r) => `${r.events.toLocaleString("en-US")} / ${small!.events.toLocaleString("en-US")}`)
    .join(" | ")} | ${results.map((r) => `/ \`/audit\` at ${r.events.toLocaleString("en-US")}`).join(" | ")} |`;
  const sep = `|---|${results.map(() => "---:").join("|")}|${larger.map(() => "---:").join("|")}|${results.map(() => "---:").join("|")}|`;
  const rows = names.map((n) => {
    const ms = results.map((r) => `${r.medians.get(n)!.toFixed(1)} ms`);
    const ratios = larger.map((r) => `${(r.medians.get(n)! / small!.medians.get(n)!).toFixed(2)}x`);
    const audit = results.map((r) => `${(r.medians.get(n)! / r.medians.get("/audit")!).toFixed(2)}x`);
    return `| ${n} | ${ms.join(" | ")} | ${ratios.join(" | ")} | ${audit.join(" | ")} |`;
  });
  const seeds = results
    .map(
      (r) =>
        `${r.events.toLocaleString("en-US")} events in ${Number.isNaN(r.seedSeconds) ? "(seeded earlier)" : `${r.seedSeconds.toFixed(0)} s`}`,
    )
    .join(", ");
  const full = results
    .filter((r) => r.exportFull)
    .map(
      (r) =>
        `The whole CSV export at ${r.events.toLocaleString("en-US")} events: ${r.exportFull!.rows.toLocaleString("en-US")} rows in ${(r.exportFull!.ms / 1000).toFixed(1)} s; ` +
        `the server's peak resident memory over the whole run (pages and export): ${r.exportFull!.peakMiB.toFixed(0)} MiB.`,
    )
    .join("\n");
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${COCKPIT_START}
## Cockpit at 10 k and 1 M usage events

Command: \`npm run bench -- --cockpit\` (${new Date().toISOString().slice(0, 10)}). Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB,
load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ")} at the end (shared with other work). One vault on SQLite per size, seeded with \`npm run seed -- --events N\` (${seeds});
signed in as the owner (pages) or with a read management key (\`/api/v1\`). Each row: the median of ${requests} requests after one
warm-up, both vaults running and asked in turn (so a busy moment weighs on both), time to the whole answer (exports: to the first byte). Target: at 1 M each within 1.5x its 10 k time and none over 3x \`/audit\`.

${head}
${sep}
${rows.join("\n")}

${full}
${COCKPIT_END}`;
}

/** `reuse`: a data directory per size, already set up and seeded by an earlier run (its seed time is then not known). */
export async function runCockpitBench(options: { sizes: number[]; requests: number; reuse?: Map<number, string> }): Promise<void> {
  const sizes: Prepared[] = [];
  let results: SizeResult[];
  try {
    for (const events of options.sizes) sizes.push(await prepareSize(events, options.reuse?.get(events)));
    results = await measure(sizes, options.requests);
    results[results.length - 1]!.exportFull = await fullExport(sizes[sizes.length - 1]!);
  } finally {
    for (const p of sizes) await p.stop();
  }
  const section = render(results, options.requests);
  const current = existsSync(REPORT) ? readFileSync(REPORT, "utf8") : "";
  const start = current.indexOf(COCKPIT_START);
  const end = current.indexOf(COCKPIT_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + COCKPIT_END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(REPORT, next);
  process.stdout.write(section + "\n");
}
