/**
 * The cockpit's reads never go back to scanning the raw usage events: every statement that the
 * overview, the usage page's totals, breakdowns, chart, model list and request log, a grant's page and
 * the management API's aggregates send is captured, and the database's own plan of each (EXPLAIN
 * QUERY PLAN on SQLite, EXPLAIN with sequential scans disabled on PostgreSQL) must read UsageEvent, if
 * at all, through an index range: never a full scan of the table or of one of its indexes. Sums over
 * whole days and hours must not read UsageEvent at all.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PrismaClient as SqliteClient } from "@/generated/prisma/client";
import { PrismaClient as PgClient } from "@/generated/prisma-pg/client";
import type { Db } from "@/lib/foundation/db/client";
import { migrateDatabase } from "@/lib/foundation/db/migrate";
import { sqlitePathFromUrl } from "@/lib/foundation/db/sqlite-path";
import { openLedgerStore } from "@/lib/engines/ledger/ledger-store-for";
import { ZERO_USAGE } from "@/lib/engines/providers/types";
import { spendWindows } from "@/lib/engines/ledger/windows";
import { loadOverview } from "@/lib/domain/cockpit/load-overview";
import { aggregateUsage, usageBuckets, usageTotals } from "@/lib/domain/usage/aggregate-usage";
import { dailySpend } from "@/lib/domain/usage/daily-spend";
import { listUsagePage } from "@/lib/domain/usage/list-usage-page";
import { usageCursorParam } from "@/lib/domain/usage/usage-cursor";
import { modelsUsed } from "@/lib/domain/usage/models-used";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { GrantFactory, newSecretKey, type TestGrant } from "@/test/support/grants";

type Query = { sql: string; params: unknown[] };

describeEachDatabase("cockpit query plans on $kind", (kind) => {
  let url: string;
  let grants: GrantFactory;
  let traced: Db;
  let grant: TestGrant;
  const queries: Query[] = [];

  beforeAll(async () => {
    url = await freshDatabaseUrl(kind);
    await migrateDatabase(url);
    grants = new GrantFactory(url, newSecretKey());
    grant = await grants.create([{ provider: "openai", monthlyUsd: null }]);
    const ledger = openLedgerStore(url);
    const now = Date.now();
    for (let i = 0; i < 40; i++) {
      const at = now - i * 5_400_000;
      const w = spendWindows(at);
      const holdId = `pxr_plan${kind}${i}`;
      const common = {
        scopeId: grant.scopeIds[0]!,
        grantId: grant.grantId,
        userId: grant.userId,
        provider: "openai",
        endpoint: "chat/completions",
      };
      await ledger.admit({
        holdId,
        ...common,
        model: i % 2 ? "gpt-4o" : "gpt-4o-mini",
        amountMicros: 10n,
        monthWindow: w.month,
        monthCapMicros: null,
        dayWindow: w.day,
        dayCapMicros: null,
        perMinute: null,
        perDay: null,
        nowMs: at,
        expiresAtMs: now + 60_000,
      });
      await ledger.settle({
        holdId,
        costMicros: 7n,
        nowMs: at,
        status: 200,
        outcome: "ok",
        model: null,
        usage: ZERO_USAGE,
        estimated: false,
        latencyMs: 1,
        ttfbMs: 1,
      });
    }
    await ledger.close();
    const log = [{ emit: "event" as const, level: "query" as const }];
    traced =
      kind === "sqlite"
        ? new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: sqlitePathFromUrl(url) }), log })
        : (new PgClient({ adapter: new PrismaPg({ connectionString: url }), log }) as unknown as Db);
    (traced as unknown as { $on: (e: "query", f: (q: { query: string; params: string }) => void) => void }).$on("query", (q) =>
      queries.push({ sql: q.query, params: JSON.parse(q.params) as unknown[] }),
    );
  });
  afterAll(async () => {
    await traced.$disconnect();
    await grants.close();
  });

  async function plan(q: Query): Promise<string[]> {
    if (kind === "sqlite") {
      const sqlite = new Database(sqlitePathFromUrl(url), { readonly: true });
      try {
        const params = q.params.map((p) => (typeof p === "boolean" ? Number(p) : p));
        return (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      } finally {
        sqlite.close();
      }
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("SET enable_seqscan = off");
      const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${q.sql}`, q.params);
      return rows.map((r) => r["QUERY PLAN"]);
    } finally {
      await client.end();
    }
  }

  /** Runs `read`, then checks the plan of every statement it sent; returns those that read UsageEvent. */
  async function plansOf(read: () => Promise<unknown>): Promise<string[]> {
    queries.length = 0;
    await read();
    expect(queries.length).toBeGreaterThan(0);
    const rawReads: string[] = [];
    for (const q of queries) {
      if (!/^\s*(SELECT|WITH)/i.test(q.sql)) continue;
      const lines = await plan(q);
      const fullScan =
        kind === "sqlite"
          ? lines.filter((l) => /^SCAN (main\.)?"?UsageEvent"?\b/.test(l))
          : lines.filter((l) => /Seq Scan on "UsageEvent"/.test(l));
      expect(fullScan, `${q.sql}\n${lines.join("\n")}`).toEqual([]);
      if (/\bUsageEvent\b/.test(q.sql)) rawReads.push(q.sql);
    }
    return rawReads;
  }

  it("sums over whole days and hours read only the rollups", async () => {
    const { userId, grantId } = grant;
    const today = new Date(new Date().toISOString().slice(0, 10));
    for (const read of [
      () => usageTotals(traced, userId, {}),
      () => usageBuckets(traced, userId, { since: today }, "provider"),
      () => usageBuckets(traced, userId, { grant_id: grantId }, "model"),
      () => usageBuckets(traced, userId, { outcome: "ok" }, "grant"),
      () => usageBuckets(traced, userId, { since: new Date(today.getTime() - 5 * 86_400_000), until: today }, "day"),
      () => usageBuckets(traced, userId, { since: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 7_200_000) }, "model"),
      () => dailySpend(traced, userId, 30, new Date(), { grant_id: grantId }),
      () => modelsUsed(traced, userId),
      () => aggregateUsage(traced, userId, { by: "day", model: "gpt-4o" }),
    ])
      expect(await plansOf(read)).toEqual([]);
  });

  it("the request logs, the overview and ranges off the hour read UsageEvent only through index ranges", async () => {
    const { userId, grantId } = grant;
    const page = await listUsagePage(traced, userId, {}, { page: 1, limit: 10 });
    expect(page.older).not.toBeNull();
    for (const read of [
      () => loadOverview(traced, userId),
      () => listUsagePage(traced, userId, { model: "gpt-4o" }, { page: 1, limit: 10 }),
      () => listUsagePage(traced, userId, { grant_id: grantId }, { page: 2, limit: 10 }),
      () => usageTotals(traced, userId, { since: new Date(Date.now() - 86_400_000 - 1_234_567), until: new Date(Date.now() - 600_000) }),
    ])
      await plansOf(read);
    expect(
      (await plansOf(() => listUsagePage(traced, userId, {}, { page: 2, limit: 10, cursor: usageCursorParam.parse(page.older!) }))).length,
    ).toBe(1);
  });
});
