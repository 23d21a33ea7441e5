/**
 * Writes many settled requests at once, as the ledger leaves them after settlement: per request a
 * settled hold and its completed usage event (same pxr_ id), and the spend windows incremented by the
 * events' costs, in transactions of a few thousand rows on the raw driver (the ledger's own drivers:
 * better-sqlite3, pg). The usage events' rollups are written by the database's triggers (migration
 * 0007) in the same transactions, exactly as for the proxy's settlements.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { sqlitePathFromUrl } from "@/lib/foundation/db/sqlite-path";
import { sqliteTime } from "@/lib/engines/ledger/sqlite-ledger-store";

export type SettledRequest = {
  id: string;
  userId: string;
  grantId: string;
  scopeId: string;
  provider: string;
  model: string;
  endpoint: string;
  status: number;
  outcome: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
  reasoningTokens: number;
  costMicros: bigint;
  estimated: boolean;
  latencyMs: number;
  ttfbMs: number | null;
  createdAt: Date;
  monthWindow: string;
  dayWindow: string;
};

export type BulkWriter = { write(batch: SettledRequest[]): Promise<void>; close(): Promise<void> };

const USAGE_COLUMNS = `"id", "userId", "grantId", "scopeId", "provider", "model", "endpoint", "status", "outcome", "inputTokens", "outputTokens",
  "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "costMicros", "estimated", "latencyMs", "ttfbMs", "createdAt"`;
const HOLD_COLUMNS = `"id", "scopeId", "monthWindow", "dayWindow", "amountMicros", "state", "createdAt", "expiresAt", "settledAt", "settledMicros"`;

function windowSums(batch: SettledRequest[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const r of batch)
    for (const w of [r.monthWindow, r.dayWindow]) sums.set(`${r.scopeId} ${w}`, (sums.get(`${r.scopeId} ${w}`) ?? 0n) + r.costMicros);
  return sums;
}

const hold = (r: SettledRequest) => r.costMicros + r.costMicros / 2n;

function sqliteWriter(url: string): BulkWriter {
  const sqlite = new Database(sqlitePathFromUrl(url), { timeout: 10_000 });
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("cache_size = -262144"); // 256 MiB: the random-id indexes of a million rows stay in memory while they grow
  const usage = sqlite.prepare(`INSERT INTO "UsageEvent" (${USAGE_COLUMNS}) VALUES (${Array(20).fill("?").join(", ")})`);
  const holds = sqlite.prepare(`INSERT INTO "Hold" (${HOLD_COLUMNS}) VALUES (?, ?, ?, ?, ?, 'settled', ?, ?, ?, ?)`);
  const window = sqlite.prepare(
    `INSERT INTO "SpendWindow" ("scopeId", "window", "committedMicros", "heldMicros") VALUES (?, ?, ?, 0)
     ON CONFLICT ("scopeId", "window") DO UPDATE SET "committedMicros" = "committedMicros" + excluded."committedMicros"`,
  );
  const run = sqlite.transaction((batch: SettledRequest[]) => {
    for (const r of batch) {
      const at = r.createdAt.getTime();
      holds.run(
        r.id,
        r.scopeId,
        r.monthWindow,
        r.dayWindow,
        hold(r),
        sqliteTime(at),
        sqliteTime(at + 960_000),
        sqliteTime(at + r.latencyMs),
        r.costMicros,
      );
      usage.run(
        ...[r.id, r.userId, r.grantId, r.scopeId, r.provider, r.model, r.endpoint, r.status, r.outcome, r.inputTokens, r.outputTokens],
        ...[
          r.cacheReadTokens,
          r.cacheWriteTokens,
          r.cacheWrite1hTokens,
          r.reasoningTokens,
          r.costMicros,
          r.estimated ? 1 : 0,
          r.latencyMs,
          r.ttfbMs,
        ],
        sqliteTime(at),
      );
    }
    for (const [key, sum] of windowSums(batch)) window.run(...key.split(" "), sum);
  });
  return {
    async write(batch) {
      run.immediate(batch);
    },
    async close() {
      sqlite.close();
    },
  };
}

function pgWriter(url: string): BulkWriter {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    async write(batch) {
      const col = <T>(f: (r: SettledRequest) => T) => batch.map(f);
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO "Hold" (${HOLD_COLUMNS})
           SELECT id, scope, m, d, amount, 'settled', at, at + interval '16 minutes', at + latency * interval '1 millisecond', cost
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamp(3)[], $7::int[], $8::bigint[])
               AS t(id, scope, m, d, amount, at, latency, cost)`,
          [
            col((r) => r.id),
            col((r) => r.scopeId),
            col((r) => r.monthWindow),
            col((r) => r.dayWindow),
            col((r) => String(hold(r))),
            col((r) => iso(r.createdAt.getTime())),
            col((r) => r.latencyMs),
            col((r) => String(r.costMicros)),
          ],
        );
        await client.query(
          `INSERT INTO "UsageEvent" (${USAGE_COLUMNS})
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[],
             $10::int[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::bigint[], $17::bool[], $18::int[], $19::int[], $20::timestamp(3)[])`,
          [
            col((r) => r.id),
            col((r) => r.userId),
            col((r) => r.grantId),
            col((r) => r.scopeId),
            col((r) => r.provider),
            col((r) => r.model),
            col((r) => r.endpoint),
            col((r) => r.status),
            col((r) => r.outcome),
            col((r) => r.inputTokens),
            col((r) => r.outputTokens),
            col((r) => r.cacheReadTokens),
            col((r) => r.cacheWriteTokens),
            col((r) => r.cacheWrite1hTokens),
            col((r) => r.reasoningTokens),
            col((r) => String(r.costMicros)),
            col((r) => r.estimated),
            col((r) => r.latencyMs),
            col((r) => r.ttfbMs),
            col((r) => iso(r.createdAt.getTime())),
          ],
        );
        const sums = [...windowSums(batch)].sort(([a], [b]) => (a < b ? -1 : 1));
        await client.query(
          `INSERT INTO "SpendWindow" ("scopeId", "window", "committedMicros", "heldMicros")
           SELECT scope, w, amount, 0 FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(scope, w, amount)
           ON CONFLICT ("scopeId", "window") DO UPDATE SET "committedMicros" = "SpendWindow"."committedMicros" + EXCLUDED."committedMicros"`,
          [sums.map(([k]) => k.split(" ")[0]), sums.map(([k]) => k.split(" ")[1]), sums.map(([, v]) => String(v))],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function openBulkWriter(databaseUrl: string): BulkWriter {
  return databaseUrl.startsWith("file:") ? sqliteWriter(databaseUrl) : pgWriter(databaseUrl);
}
