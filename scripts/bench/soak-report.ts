/** The soak section of BENCHMARKS.md: setup, answers, errors, RSS over time and the ledger check. */
import os from "node:os";
import { SOAK_END, SOAK_START } from "@/scripts/bench/report";

export type TrafficKind = "json" | "stream" | "slow-stream" | "abandoned-stream";

export type SoakResult = {
  kind: "sqlite" | "postgres";
  instances: number;
  workers: number;
  mix: [TrafficKind, number][];
  durationMs: number;
  byKind: Record<TrafficKind, { sent: number; ok: number }>;
  errors: Record<string, number>;
  rss: { t: number; mib: number[] }[];
  jsonLatenciesMs: number[];
  ledger: {
    usageEvents: number;
    admitted: number;
    pending: number;
    openHolds: number;
    heldMicros: bigint;
    usageCostMicros: bigint;
    committedMonthMicros: bigint;
    committedDaysMicros: bigint;
    estimated: number;
  } | null;
};

const KIND_LABEL: Record<TrafficKind, string> = {
  json: "whole-body chat completion",
  stream: "short stream (8 events)",
  "slow-stream": "one-second stream (40 events, 25 ms apart)",
  "abandoned-stream": "one-second stream the client abandons after the first event",
};

function duration(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(ms % 60_000 ? 1 : 0)} min` : `${Math.round(ms / 1000)} s`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** At most ~12 rows: the samples nearest to evenly spaced times, plus the last. */
function rssRows(rss: SoakResult["rss"], durationMs: number): SoakResult["rss"] {
  const step = durationMs / 10;
  const rows: SoakResult["rss"] = [];
  for (let target = 0; target <= durationMs; target += step) {
    const nearest = rss.reduce((best, s) => (Math.abs(s.t - target) < Math.abs(best.t - target) ? s : best), rss[0]!);
    if (rows.at(-1) !== nearest) rows.push(nearest);
  }
  const final = rss.at(-1)!;
  if (rows.at(-1) !== final) {
    if (final.t - rows.at(-1)!.t < step / 2) rows.pop(); // the last even step and the end are the same moment
    rows.push(final);
  }
  return rows;
}

export function renderSoak(r: SoakResult): string {
  const sent = Object.values(r.byKind).reduce((s, k) => s + k.sent, 0);
  const ok = Object.values(r.byKind).reduce((s, k) => s + k.ok, 0);
  const errors = Object.entries(r.errors);
  const l = r.ledger!;
  const check = (pass: boolean) => (pass ? "ok" : "**FAILED**");
  const names = Array.from({ length: r.instances }, (_, i) => `instance ${i + 1}`);
  const rows = rssRows(r.rss, r.durationMs);
  const afterWarmUp = r.rss.find((s) => s.t >= Math.min(60_000, r.durationMs / 10)) ?? r.rss[0]!;
  const last = r.rss.at(-1)!;
  const setup =
    r.kind === "postgres"
      ? `${r.instances} instances on one PostgreSQL 15 database (shared key, one grant)`
      : "one instance on SQLite (WAL)";
  return `${SOAK_START}
## Soak

Command: \`npm run bench -- --soak ${duration(r.durationMs).replace(" min", "m").replace(" s", "s")}${r.kind === "sqlite" ? " --soak-db sqlite" : ""}\`, run on ${new Date().toISOString().slice(0, 10)}.
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.
Setup: ${setup}, caps, rate limits and metering on, the benchmark's fake provider; ${r.workers} clients in a loop for
${duration(r.durationMs)}, requests alternating between the instances:
${r.mix.map(([kind, share]) => `${(share * 100).toFixed(0)}% ${KIND_LABEL[kind]}`).join(", ")}.

| traffic | sent | answered as expected |
|---|---|---|
${r.mix.map(([kind]) => `| ${KIND_LABEL[kind]} | ${r.byKind[kind].sent} | ${r.byKind[kind].ok} |`).join("\n")}
| **all** | **${sent}** (${(sent / (r.durationMs / 1000)).toFixed(0)} req/s) | **${ok}** |

Errors: ${errors.length === 0 ? "none." : errors.map(([what, n]) => `${n} × \`${what}\``).join(", ") + "."}
Whole-body latency: p50 ${percentile(r.jsonLatenciesMs, 50).toFixed(1)} ms, p99 ${percentile(r.jsonLatenciesMs, 99).toFixed(1)} ms.

Resident memory (RSS, MiB) of each vault process:

| time | ${names.join(" | ")} |
|---|${names.map(() => "---|").join("")}
${rows.map((s) => `| ${duration(s.t)} | ${s.mib.map((m) => m.toFixed(0)).join(" | ")} |`).join("\n")}

From ${duration(afterWarmUp.t)} (warmed up) to the end: ${last.mib.map((m, i) => `${m - afterWarmUp.mib[i]! >= 0 ? "+" : ""}${(m - afterWarmUp.mib[i]!).toFixed(0)} MiB`).join(", ")}.

Ledger check after the traffic stopped:

| check | measured | verdict |
|---|---|---|
| one usage event per admitted request | ${l.usageEvents} events, ${l.admitted} admitted | ${check(l.usageEvents === l.admitted)} |
| no usage event left pending | ${l.pending} | ${check(l.pending === 0)} |
| no hold left open | ${l.openHolds} holds, ${l.heldMicros} µ$ held | ${check(l.openHolds === 0 && l.heldMicros === 0n)} |
| committed spend (month window) = Σ usage events | ${l.committedMonthMicros} µ$ = ${l.usageCostMicros} µ$ | ${check(l.committedMonthMicros === l.usageCostMicros)} |
| committed spend (day windows) = Σ usage events | ${l.committedDaysMicros} µ$ = ${l.usageCostMicros} µ$ | ${check(l.committedDaysMicros === l.usageCostMicros)} |

${l.estimated} usage events are estimates (the abandoned streams: charged from what was streamed, never 0).
${SOAK_END}`;
}
