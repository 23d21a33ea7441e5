/**
 * `npm run bench -- --soak 10m [--soak-db postgres|sqlite]`: mixed traffic for a long time against
 * two vault instances on one PostgreSQL (or one on SQLite), then the ledger check. Thirty-two clients
 * loop over a mix of whole-body requests, short streams, one-second streams and one-second streams
 * the client abandons after the first event (charged an estimate), alternating instances. Reports
 * each instance's RSS over time, the answers by kind and every error, and checks that every usage
 * event is settled, nothing is held and the committed spend equals the sum of the usage events.
 * The result replaces the soak section of BENCHMARKS.md.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { parseSpendWindow, type SpendPeriod } from "@/lib/engines/ledger/windows";
import { startProcess } from "@/scripts/bench/processes";
import { SOAK_END, SOAK_START } from "@/scripts/bench/report";
import { renderSoak, type SoakResult, type TrafficKind } from "@/scripts/bench/soak-report";
import { startVaults, type Vaults } from "@/scripts/bench/vaults";

const WORKERS = 32;
const MIX: [TrafficKind, number][] = [
  ["json", 0.55],
  ["stream", 0.25],
  ["slow-stream", 0.15],
  ["abandoned-stream", 0.05],
];

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`--soak takes a duration like 10m, 90s or 1h, not "${text}"`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] ?? "s"]!;
  return Number(match[1]) * unit;
}

function pickKind(): TrafficKind {
  let r = Math.random();
  for (const [kind, share] of MIX) if ((r -= share) < 0) return kind;
  return "json";
}

function bodyFor(kind: TrafficKind): string {
  const content = kind === "json" || kind === "stream" ? "What is the capital of France?" : "slow";
  return JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content }], max_tokens: 128, stream: kind !== "json" });
}

function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** One request of the given kind; returns null on success or a short description of what went wrong. */
async function request(url: string, token: string, kind: TrafficKind): Promise<{ error: string | null; admitted: boolean; ms: number }> {
  const started = performance.now();
  const controller = new AbortController();
  try {
    const response = await fetch(`${url}/v1/openai/chat/completions`, {
      method: "POST",
      signal: controller.signal,
      body: bodyFor(kind),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
    if (response.status !== 200) {
      const text = await response.text();
      return {
        error: `${response.status} ${/"type":"(\w+)"/.exec(text)?.[1] ?? ""}`.trim(),
        admitted: false,
        ms: performance.now() - started,
      };
    }
    if (kind === "abandoned-stream") {
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      return { error: null, admitted: true, ms: performance.now() - started };
    }
    const text = await response.text();
    const complete = kind === "json" ? text.includes('"usage"') : text.trimEnd().endsWith("data: [DONE]");
    return { error: complete ? null : "incomplete body", admitted: true, ms: performance.now() - started };
  } catch (error) {
    return { error: `network: ${(error as Error).message}`, admitted: false, ms: performance.now() - started };
  }
}

async function ledgerCheck(v: Vaults, admitted: number): Promise<SoakResult["ledger"]> {
  const db = v.grants.db;
  const deadline = Date.now() + 60_000;
  while ((await db.usageEvent.count({ where: { outcome: "pending" } })) > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 250));
  const usage = await db.usageEvent.aggregate({ _sum: { costMicros: true }, _count: true });
  const windows = await db.spendWindow.findMany();
  const sum = (period: SpendPeriod, field: "committedMicros" | "heldMicros") =>
    windows.filter((w) => parseSpendWindow(w.window)?.period === period).reduce((s, w) => s + w[field], 0n);
  return {
    usageEvents: usage._count,
    admitted,
    pending: await db.usageEvent.count({ where: { outcome: "pending" } }),
    openHolds: await db.hold.count({ where: { state: "held" } }),
    heldMicros: sum("month", "heldMicros") + sum("day", "heldMicros"),
    usageCostMicros: usage._sum.costMicros ?? 0n,
    committedMonthMicros: sum("month", "committedMicros"),
    committedDaysMicros: sum("day", "committedMicros"),
    estimated: await db.usageEvent.count({ where: { estimated: true } }),
  };
}

export async function runSoak(options: { durationMs: number; kind: "sqlite" | "postgres"; report: string }): Promise<void> {
  const fake = await startProcess("fake provider", ["scripts/bench/fake-provider.mjs", "{port}"], {}, (url) => `${url}/`);
  const vaults = await startVaults(fake.url, { kind: options.kind, instances: options.kind === "postgres" ? 2 : 1 });
  const sampleMs = Math.min(10_000, Math.max(1_000, options.durationMs / 20));
  const result: SoakResult = {
    kind: options.kind,
    instances: vaults.procs.length,
    workers: WORKERS,
    mix: MIX,
    durationMs: options.durationMs,
    byKind: Object.fromEntries(MIX.map(([k]) => [k, { sent: 0, ok: 0 }])) as SoakResult["byKind"],
    errors: {},
    rss: [],
    jsonLatenciesMs: [],
    ledger: null,
  };
  const sample = (t: number) => result.rss.push({ t, mib: vaults.procs.map((p) => rssMiB(p.child.pid)) });
  let admitted = 0;
  let turn = 0;
  const started = Date.now();
  sample(0);
  const sampler = setInterval(() => sample(Date.now() - started), sampleMs);
  try {
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (Date.now() - started < options.durationMs) {
          const kind = pickKind();
          const outcome = await request(vaults.urls[turn++ % vaults.urls.length]!, vaults.token, kind);
          result.byKind[kind].sent++;
          if (outcome.admitted) admitted++;
          if (outcome.error === null) result.byKind[kind].ok++;
          else result.errors[outcome.error] = (result.errors[outcome.error] ?? 0) + 1;
          if (kind === "json" && outcome.error === null) result.jsonLatenciesMs.push(outcome.ms);
        }
      }),
    );
    clearInterval(sampler);
    sample(Date.now() - started);
    result.ledger = await ledgerCheck(vaults, admitted);
  } finally {
    clearInterval(sampler);
    await vaults.stop();
    await fake.stop();
  }
  const section = renderSoak(result);
  const current = existsSync(options.report) ? readFileSync(options.report, "utf8") : "# Benchmarks\n";
  const start = current.indexOf(SOAK_START);
  const end = current.indexOf(SOAK_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + SOAK_END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(options.report, next);
  process.stdout.write(section + "\n");
}
