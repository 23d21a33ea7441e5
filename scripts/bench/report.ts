/** BENCHMARKS.md: machine, command, the median table, overheads and the verdict on each target. */
import os from "node:os";
import type { LoadResult } from "@/scripts/bench/load";

export type Measurements = Record<string, { c1: LoadResult; c32: LoadResult; ttfb: LoadResult | null }>;

/** The soak section (soak-report.ts) lives between these markers; the main benchmark keeps it. */
export const SOAK_START = "<!-- soak:start -->";
export const SOAK_END = "<!-- soak:end -->";
export const COCKPIT_START = "<!-- cockpit:start -->";
export const COCKPIT_END = "<!-- cockpit:end -->";

const SETUPS: [name: string, label: string][] = [
  ["vault", "SQLite, 1 instance (`vault`)"],
  ["vault-pg", "PostgreSQL, 1 instance (`vault-pg`)"],
  ["vault-pg-2x", "PostgreSQL, 2 instances, load split (`vault-pg-2x`)"],
];

function scaleOut(m: Measurements): string {
  const base = m.vault!;
  const rows = SETUPS.filter(([name]) => m[name]).map(([name, label]) => {
    const r = m[name]!;
    return `| ${label} | ${ms(r.c1.p50)} | ${rps(r.c32.rps)} | ${((r.c32.rps / base.c32.rps) * 100).toFixed(0)}% | ${ms(r.c32.p99)} | ${r.ttfb ? ms(r.ttfb.p50) : "n/a"} |`;
  });
  if (rows.length === 1) return "PostgreSQL was unreachable during this run: no scale-out rows.\n";
  return `| setup | c=1 p50 | c=32 req/s | c=32 vs SQLite | c=32 p99 | stream TTFB p50 |
|---|---|---|---|---|---|
${rows.join("\n")}
`;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;
const rps = (v: number) => v.toFixed(0);

export function renderReport(
  m: Measurements,
  meta: {
    runs: number;
    seconds: number;
    ledger: Record<string, { settled: number; pending: number }>;
    soak: string | null;
    cockpit: string | null;
  },
): string {
  const direct = m.direct!;
  const vault = m.vault!;
  const peer = m.portkey!;
  const added = vault.c1.p50 - direct.c1.p50;
  const addedNext = m["vault-next"]!.c1.p50 - direct.c1.p50;
  const ratio = vault.c32.rps / peer.c32.rps;
  const ttfbOverhead = vault.ttfb!.p50 - direct.ttfb!.p50;
  const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
  const rows = Object.entries(m).map(
    ([name, r]) =>
      `| ${name} | ${rps(r.c1.rps)} | ${ms(r.c1.p50)} | ${ms(r.c1.p99)} | ${rps(r.c32.rps)} | ${ms(r.c32.p50)} | ${ms(r.c32.p99)} | ${r.ttfb ? ms(r.ttfb.p50) : "n/a"} |`,
  );
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `# Benchmarks

Command: \`npm run bench\` (${meta.runs} runs of ${meta.seconds} s per measurement; medians of the runs).
Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}.
Setup: one fake provider process (node:http, the recorded chat fixtures), the vault (\`dist/server.mjs\`, SQLite,
WAL + synchronous=NORMAL on the ledger connection) with **spend caps (monthly and daily), rate limits (per minute
and per day) and metering on** for every request, the same vault with \`VAULT_PROXY_ROUTER=next\` (the Next.js
route), the vault on PostgreSQL 15 (one instance, and two instances on one database with the load split between
them), and \`@portkey-ai/gateway\` as the peer (\`--headless\`, \`x-portkey-custom-host\` = the fake). The load
generator runs in the benchmark process: sequential hrtime-timed requests at concurrency 1, autocannon at 32.
Everything shares 2 cores, so absolute numbers are low; compare the rows.

| path | c=1 req/s | c=1 p50 | c=1 p99 | c=32 req/s | c=32 p50 | c=32 p99 | stream TTFB p50 |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}

- \`direct\`: straight to the fake provider. \`vault\`: /v1/openai through the custom server (the production path).
  \`vault-next\`: the same through the Next.js route. \`portkey\`: the peer (non-streaming only: its streaming fails
  on Node 20 with \`TypeError: immutable\`, Portkey-AI/gateway#1389).
- Ledger check after the run: ${Object.entries(meta.ledger)
    .map(([name, l]) => `${name} ${l.settled} usage events settled \`ok\`, ${l.pending} pending`)
    .join("; ")}.

## Scale-out: the same load on SQLite, on PostgreSQL, and on two instances sharing PostgreSQL

${scaleOut(m)}
- One grant takes all the load, so every admission and settlement of every instance updates the same two
  spend-window rows: PostgreSQL serialises them with row locks (the database is the only arbiter of the cap).
  Different grants do not contend.
- On this 2-core machine the two instances, PostgreSQL, the fake provider and the load generator share the same
  two cores, so the two-instance row shows what coordinating through PostgreSQL costs, not a speed-up; with an
  instance per machine the proxy's CPU scales out and PostgreSQL's row locks on hot grants are the limit.
- The vault on PostgreSQL pays a network round trip (loopback here) per ledger call where SQLite is in-process.
- The PostgreSQL server here is shared with other test runs, so its rows vary more between invocations than the
  others (\`vault-pg\` at c=32 measured 400-960 req/s, \`vault-pg-2x\` 320-630 req/s while this was written);
  compare rows of one run.

## Targets

| target | measured | verdict |
|---|---|---|
| added p50 at concurrency 1 <= 1 ms | ${ms(added)} (Next.js route: ${ms(addedNext)}) | ${verdict(added <= 1)} |
| throughput at concurrency 32 >= the peer's | ${rps(vault.c32.rps)} vs ${rps(peer.c32.rps)} req/s (${(ratio * 100).toFixed(0)}%) | ${verdict(ratio >= 1)} |
| streaming first-byte overhead <= 2 ms | ${ms(ttfbOverhead)} | ${verdict(ttfbOverhead <= 2)} |

## Notes

- Where the vault's time goes at concurrency 1 (CPU profile): two SQLite transactions per request
  (admission: rate limits + both spend windows + hold + pending usage event; settlement) cost about
  160 µs together, most of it writing WAL frames; the rest is the second HTTP hop (client -> vault ->
  provider instead of client -> provider), JSON parse/serialise of the checked body, the token HMAC
  and the key decryption. Whole-body requests are settled right after the answer is written.
- The Next.js route alone adds 1.4-2 ms per request and roughly halves throughput, so it cannot meet
  the 1 ms target: that is why \`/v1/*\` goes from the custom server straight to \`lib/surfaces/proxy\`.
- autocannon records latency in whole milliseconds (the c=32 columns); the c=1 columns are hrtime.
  Across separate invocations on machines of this kind the vault's c=1 p50 ranged 0.6-1.0 ms (added: 0.56-0.87 ms)
  and Portkey's c=32 throughput 935-1330 req/s; the machines differ too (direct c=1 p50 0.05 ms on one, 0.13 ms on
  another), so compare rows of one run; p99 spikes come from WAL
  checkpoints (fsync, every 200 ms from a timer) and garbage collection.
- What would go further: group-committing admissions and settlements of concurrent requests into one
  transaction (fewer WAL writes under load), and an in-memory usage-event queue instead of the pending
  row (fewer pages per admission) at the cost of losing in-flight usage rows on a crash.

${meta.soak ?? `${SOAK_START}\n## Soak\n\nNo soak recorded yet: \`npm run bench -- --soak 10m\`.\n${SOAK_END}`}

${meta.cockpit ?? `${COCKPIT_START}\n## Cockpit at 10 k and 1 M usage events\n\nNot recorded yet: \`npm run bench -- --cockpit\`.\n${COCKPIT_END}`}
`;
}
