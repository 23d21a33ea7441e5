/**
 * The rollups the cockpit reads are exact: on SQLite and PostgreSQL, after a backfill of an existing
 * vault, after concurrent admissions and settlements from two ledger instances (models changed at
 * settlement, retried settlements, sweeps, a swept event settled late), after a settlement that died
 * before its commit, and after old raw events are pruned. Every figure is compared with a sum over the
 * raw usage events, to the token and µ$, for every hour and day and for ranges with bounds off the hour.
 */
import pg from "pg";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migratePostgres, migrateSqlite, migrationsDir, readMigrations } from "@/lib/foundation/db/migrate";
import { sqlitePathFromUrl } from "@/lib/foundation/db/sqlite-path";
import { openLedgerStore } from "@/lib/engines/ledger/ledger-store-for";
import type { AdmitInput, LedgerStore, SettleInput } from "@/lib/engines/ledger/ledger-store";
import { spendWindows } from "@/lib/engines/ledger/windows";
import { sumUsage, type SumGroup } from "@/lib/domain/usage/sum-usage";
import { pruneUsageEvents } from "@/lib/domain/usage/prune-usage-events";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { GrantFactory, newSecretKey, type TestGrant } from "@/test/support/grants";

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 20, 22, 17, 5); // spans midnight and several hours
const MODELS = ["gpt-4o", "gpt-4o-mini", null] as const;
const OUTCOMES = ["ok", "upstream_error", "client_abort", "timeout"] as const;

type Raw = {
  grantId: string;
  provider: string;
  model: string | null;
  outcome: string;
  createdAt: Date;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
  reasoningTokens: number;
  costMicros: bigint;
};

const ROLLUPS = "0013_usage_rollups";

/** Every migration, or (before) only those older than the rollups'. */
function migrate(kind: "sqlite" | "postgres", url: string, before?: typeof ROLLUPS) {
  const all = readMigrations(migrationsDir(kind));
  const list = before === undefined ? all : all.filter((m) => m.name < before);
  return kind === "sqlite" ? migrateSqlite(url, list) : migratePostgres(url, list);
}

describeEachDatabase("usage rollups on $kind", (kind) => {
  let url: string;
  let grants: GrantFactory;
  let a: LedgerStore;
  let b: LedgerStore;
  let one: TestGrant;
  let two: TestGrant;
  let seq = 0;

  beforeAll(async () => {
    url = await freshDatabaseUrl(kind);
    await migrate(kind, url, ROLLUPS); // a vault from before the rollups
    grants = new GrantFactory(url, newSecretKey());
    a = openLedgerStore(url);
    b = openLedgerStore(url);
    one = await grants.create([
      { provider: "openai", monthlyUsd: null },
      { provider: "anthropic", monthlyUsd: null },
    ]);
    two = await grants.create([{ provider: "openai", monthlyUsd: null }]);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await grants.close();
  });

  function admission(grant: TestGrant, scope: number, nowMs: number, model: string | null): AdmitInput {
    const w = spendWindows(nowMs);
    return {
      holdId: `pxr_roll${kind}${++seq}`,
      scopeId: grant.scopeIds[scope]!,
      grantId: grant.grantId,
      userId: grant.userId,
      provider: scope === 0 ? "openai" : "anthropic",
      model,
      endpoint: "chat/completions",
      amountMicros: 5_000n,
      monthWindow: w.month,
      monthCapMicros: null,
      dayWindow: w.day,
      dayCapMicros: null,
      perMinute: null,
      perDay: null,
      nowMs,
      expiresAtMs: nowMs + 60_000,
    };
  }

  function settlement(holdId: string, i: number, nowMs: number): SettleInput {
    return {
      holdId,
      costMicros: BigInt(1_000 + ((i * 7919) % 4_000)),
      nowMs,
      status: 200,
      outcome: OUTCOMES[i % OUTCOMES.length]!,
      model: i % 5 === 0 ? "gpt-4o-2024-08-06" : null, // the provider named the model more precisely
      usage: {
        inputTokens: 100 + i,
        outputTokens: 10 + (i % 13),
        cacheReadTokens: i % 3,
        cacheWriteTokens: i % 4,
        cacheWrite1hTokens: i % 2,
        reasoningTokens: i % 6,
      },
      estimated: false,
      latencyMs: 5,
      ttfbMs: 2,
    };
  }

  /** Traffic spread over a few hours around midnight: admitted and settled on both instances at once. */
  async function traffic(count: number, offset: number): Promise<void> {
    await Promise.all(
      Array.from({ length: count }, async (_, k) => {
        const i = offset + k;
        const store = i % 2 ? a : b;
        const at = START + ((i * 977_000) % (5 * HOUR));
        const adm = admission(i % 3 ? one : two, i % 3 === 1 ? 1 : 0, at, MODELS[i % MODELS.length]!);
        expect(await store.admit(adm)).toBe("ok");
        if (i % 11 === 0) return; // still in flight: a pending event
        await (i % 2 ? b : a).settle(settlement(adm.holdId, i, at + 1_000));
        if (i % 17 === 0) await store.settle({ ...settlement(adm.holdId, i + 1, at + 2_000) }); // a retried settlement
      }),
    );
  }

  async function rawEvents(): Promise<Raw[]> {
    return (await grants.db.usageEvent.findMany({ where: { userId: one.userId } })) as Raw[];
  }

  function rawSums(rows: Raw[], key: (r: Raw) => string | null) {
    const sums = new Map<string | null, Record<string, number | bigint>>();
    for (const r of rows) {
      const s = sums.get(key(r)) ?? {
        requests: 0,
        input: 0,
        output: 0,
        cacheRead: 0,
        cacheWrite: 0,
        cacheWrite1h: 0,
        reasoning: 0,
        cost: 0n,
      };
      s.requests = (s.requests as number) + 1;
      s.input = (s.input as number) + r.inputTokens;
      s.output = (s.output as number) + r.outputTokens;
      s.cacheRead = (s.cacheRead as number) + r.cacheReadTokens;
      s.cacheWrite = (s.cacheWrite as number) + r.cacheWriteTokens;
      s.cacheWrite1h = (s.cacheWrite1h as number) + r.cacheWrite1hTokens;
      s.reasoning = (s.reasoning as number) + r.reasoningTokens;
      s.cost = (s.cost as bigint) + r.costMicros;
      sums.set(key(r), s);
    }
    return sums;
  }

  /** Every rollup row (hour and day) equals the sum of its raw events; every raw group has its row. */
  async function expectRollupsExact(rows: Raw[]): Promise<void> {
    const rollups = await grants.db.usageRollup.findMany({ where: { userId: one.userId, requests: { not: 0n } } });
    for (const period of ["h", "d"] as const) {
      const trunc = (d: Date) =>
        new Date(Math.floor(d.getTime() / (period === "h" ? HOUR : 24 * HOUR)) * (period === "h" ? HOUR : 24 * HOUR));
      const expected = rawSums(rows, (r) => [trunc(r.createdAt).toISOString(), r.grantId, r.provider, r.model ?? "", r.outcome].join(" "));
      const mine = rollups.filter((r) => r.period === period);
      expect(mine.length, period).toBe(expected.size);
      for (const r of mine) {
        const e = expected.get([r.bucket.toISOString(), r.grantId, r.provider, r.model, r.outcome].join(" "));
        expect(e, `${period} ${r.bucket.toISOString()} ${r.model} ${r.outcome}`).toBeDefined();
        expect([
          r.requests,
          r.inputTokens,
          r.outputTokens,
          r.cacheReadTokens,
          r.cacheWriteTokens,
          r.cacheWrite1hTokens,
          r.reasoningTokens,
          r.costMicros,
        ]).toEqual(
          [e!.requests, e!.input, e!.output, e!.cacheRead, e!.cacheWrite, e!.cacheWrite1h, e!.reasoning, e!.cost].map((v) => BigInt(v!)),
        );
      }
    }
  }

  /** What the cockpit reads (sumUsage) equals the raw sums, for ranges on and off the hour and each grouping. */
  async function expectReadsExact(rows: Raw[]): Promise<void> {
    const ranges: [Date | undefined, Date | undefined][] = [
      [undefined, undefined],
      [new Date(START), undefined],
      [new Date(START + 37 * 60_000), new Date(START + 4 * HOUR + 5 * 60_000)], // off the hour at both ends, across midnight
      [new Date(Date.UTC(2026, 10, 21)), new Date(Date.UTC(2026, 10, 22))], // one whole day
      [new Date(START + 60_000), new Date(START + 20 * 60_000)], // within one hour
    ];
    const groups: [SumGroup, (r: Raw) => string | null][] = [
      [null, () => null],
      ["provider", (r) => r.provider],
      ["model", (r) => r.model],
      ["grantId", (r) => r.grantId],
      ["day", (r) => r.createdAt.toISOString().slice(0, 10)],
    ];
    for (const [since, until] of ranges) {
      const inRange = rows.filter((r) => (!since || r.createdAt >= since) && (!until || r.createdAt < until));
      for (const [by, key] of groups) {
        for (const filter of [{}, { outcome: "ok" }, { grant_id: one.grantId, provider: "anthropic" }, { model: "gpt-4o" }]) {
          const matching = inRange.filter(
            (r) =>
              (!("outcome" in filter) || r.outcome === filter.outcome) &&
              (!("grant_id" in filter) || (r.grantId === filter.grant_id && r.provider === filter.provider)) &&
              (!("model" in filter) || r.model === filter.model),
          );
          const expected = rawSums(matching, key);
          const got = await sumUsage(grants.db, one.userId, { ...filter, since, until }, by);
          const label = `${by} ${since?.toISOString()} ${until?.toISOString()} ${JSON.stringify(filter)}`;
          if (by === null) {
            expect(got[0]!.totals.requests, label).toBe(matching.length);
            expect(got[0]!.totals.costMicros, label).toBe(matching.reduce((s, r) => s + r.costMicros, 0n));
            continue;
          }
          expect(got.length, label).toBe(expected.size);
          for (const g of got) {
            const e = expected.get(g.key)!;
            expect(e, label).toBeDefined();
            expect(
              [
                g.totals.requests,
                g.totals.input_tokens,
                g.totals.output_tokens,
                g.totals.cache_read_tokens,
                g.totals.reasoning_tokens,
                g.totals.costMicros,
              ],
              `${label} ${g.key}`,
            ).toEqual([e.requests, e.input, e.output, e.cacheRead, e.reasoning, e.cost]);
          }
        }
      }
    }
  }

  it("backfills the usage a vault held before the rollups existed", async () => {
    await traffic(60, 0);
    expect((await migrate(kind, url)).applied).toEqual([ROLLUPS]);
    const rows = await rawEvents();
    expect(rows.length).toBe(60);
    await expectRollupsExact(rows);
    await expectReadsExact(rows);
  });

  it("stays exact under concurrent admissions, settlements, retries and sweeps from two instances", async () => {
    await traffic(300, 1_000);
    // stale holds (every 11th request never settled) are swept at their reservation; a late settlement changes nothing
    const swept = await a.sweep(START + 10 * HOUR);
    expect(swept).toBeGreaterThan(10);
    const late = (await grants.db.usageEvent.findFirstOrThrow({ where: { userId: one.userId, outcome: "swept" } })).id;
    expect(await b.settle(settlement(late, 3, START + 11 * HOUR))).toBeNull();
    await traffic(40, 5_000); // and some requests still in flight
    const rows = await rawEvents();
    expect(rows.some((r) => r.outcome === "pending")).toBe(true);
    expect(rows.some((r) => r.outcome === "swept")).toBe(true);
    await expectRollupsExact(rows);
    await expectReadsExact(rows);
  });

  it("a settlement that dies before its commit leaves no trace in the rollups", async () => {
    const adm = admission(one, 0, START + 2 * HOUR, "gpt-4o");
    expect(await a.admit(adm)).toBe("ok");
    const before = await rawEvents();
    const s = settlement(adm.holdId, 1, START + 2 * HOUR + 500);
    if (kind === "sqlite") {
      // the process dies after the usage event's update, before COMMIT: the connection goes away
      const sqlite = new Database(sqlitePathFromUrl(url));
      sqlite.exec("BEGIN IMMEDIATE");
      sqlite.prepare(`UPDATE "UsageEvent" SET "outcome" = 'ok', "costMicros" = 999, "inputTokens" = 5 WHERE "id" = ?`).run(adm.holdId);
      sqlite.close();
    } else {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query("BEGIN");
      await client.query(`SELECT okap_settle($1, 999, now()::timestamp(3), 200, 'ok', NULL, 5, 0, 0, 0, 0, 0, false, 1, 1)`, [adm.holdId]);
      await client.end(); // the connection is cut before COMMIT
    }
    await expectRollupsExact(before);
    await a.settle(s); // the retry lands
    await expectRollupsExact(await rawEvents());
  });

  it("pruning old raw events keeps the rollups (the history) and the spend windows", async () => {
    const rollups = async () =>
      (await grants.db.usageRollup.findMany({ where: { userId: one.userId, requests: { not: 0n } } }))
        .map((r) => ({ ...r, key: [r.period, r.bucket.toISOString(), r.scopeId, r.model, r.outcome].join(" ") }))
        .sort((x, y) => (x.key < y.key ? -1 : 1));
    const before = await rollups();
    const windows = await grants.db.spendWindow.findMany({ orderBy: [{ scopeId: "asc" }, { window: "asc" }] });
    const cutoff = new Date(Date.UTC(2026, 10, 21));
    const pruned = await pruneUsageEvents(grants.db, { before: cutoff, batch: 7 });
    expect(pruned).toBeGreaterThan(7); // several batches
    const rows = await rawEvents();
    expect(rows.every((r) => r.createdAt >= cutoff)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
    expect(await rollups()).toEqual(before);
    expect(await grants.db.spendWindow.findMany({ orderBy: [{ scopeId: "asc" }, { window: "asc" }] })).toEqual(windows);
    // what is left of the raw events still adds up to the rollups of its days
    const kept = await sumUsage(grants.db, one.userId, { since: cutoff }, null);
    expect(kept[0]!.totals.requests).toBe(rows.length);
    expect(kept[0]!.totals.costMicros).toBe(rows.reduce((s, r) => s + r.costMicros, 0n));
  });
});
