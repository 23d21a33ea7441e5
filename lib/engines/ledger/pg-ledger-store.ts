/**
 * LedgerStore on PostgreSQL: a pg Pool and one round trip per operation. Admission, settlement and
 * the sweep are PL/pgSQL functions (prisma/pg/migrations/0002_proxy_ledger; their lock order fixed
 * in 0004_ledger_lock_order; settlement commits the real cost since 0005_settle_real_cost) so that
 * each runs as one atomic statement: conditional UPDATEs re-checked under the row lock, a refusal
 * raising 'okap:<reason>' and rolling everything back.
 */
import pg from "pg";
import { GRANT_COLUMNS, GRANT_JOINS, grantFromRows, type GrantRow } from "@/lib/engines/ledger/grant-rows";
import type { AdmitOutcome, PriceOverrideRecord, LedgerStore, RateStep, TokenState, WindowTotals } from "@/lib/engines/ledger/ledger-store";
import { newId } from "@/lib/foundation/crypto/random";
import { RATE_SPAN_MS, ratePrune } from "@/lib/engines/ledger/windows";

/** TIMESTAMP(3) columns hold UTC wall-clock time, as Prisma writes them. */
function pgTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

export const LEDGER_QUERY_TIMEOUT_MS = 5_000;

const REFUSALS = new Set<AdmitOutcome>(["rate_minute", "rate_day", "budget_month", "budget_day", "contained"]);
const EPOCH_MS = (column: string) => `(EXTRACT(EPOCH FROM ${column}) * 1000)::float8`;

export function openPgLedgerStore(databaseUrl: string, options: { instanceId?: string } = {}): LedgerStore {
  const instanceId = options.instanceId ?? newId("ins");
  // A PostgreSQL that hangs instead of refusing (SIGSTOP, a stuck disk) must not hang the proxy with
  // it: a connection waits at most 3 s, a query 5 s (client side), a statement 5 s (server side); then
  // the request gets 503 vault_unavailable.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 16,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    query_timeout: LEDGER_QUERY_TIMEOUT_MS,
    statement_timeout: LEDGER_QUERY_TIMEOUT_MS,
  });
  pool.on("error", () => undefined); // a dropped idle connection; the next query reconnects or fails
  const money = (v: string | null) => (v === null ? null : BigInt(v));

  return {
    kind: "postgres",
    instanceId,
    async findGrantByTokenHash(hash) {
      const { rows } = await pool.query<GrantRow>({
        name: "okap_find_grant",
        text: `SELECT ${GRANT_COLUMNS}, ${EPOCH_MS('g."expiresAt"')} AS "expiresAtMs" ${GRANT_JOINS} WHERE t."hash" = $1 ORDER BY s."id"`,
        values: [hash],
      });
      return grantFromRows(rows);
    },
    async tokenStates(ids) {
      const { rows } = await pool.query<{ id: string; revokedAt: Date | null; status: string; expiresAtMs: number }>({
        name: "okap_token_states",
        text: `SELECT t."id", t."revokedAt", g."status", ${EPOCH_MS('g."expiresAt"')} AS "expiresAtMs"
                 FROM "Token" t JOIN "Grant" g ON g."id" = t."grantId" WHERE t."id" = ANY($1::text[])`,
        values: [ids],
      });
      return new Map(
        rows.map((r) => [
          r.id,
          { revoked: r.revokedAt !== null, status: r.status, expiresAtMs: Number(r.expiresAtMs) } satisfies TokenState,
        ]),
      );
    },
    async admitRate(scopeId, perMinute, perDay) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const steps: [RateStep | null, number, "rate_minute" | "rate_day"][] = [
          [perMinute, RATE_SPAN_MS.minute, "rate_minute"],
          [perDay, RATE_SPAN_MS.day, "rate_day"],
        ];
        for (const [step, span, refusal] of steps) {
          if (!step) continue;
          const { rows } = await client.query<{ ok: boolean }>("SELECT okap_rate_step($1, $2, $3, $4, $5, $6) AS ok", [
            scopeId,
            step.window,
            step.previous,
            step.limit,
            span,
            step.restMs,
          ]);
          if (!rows[0]?.ok) {
            await client.query("ROLLBACK");
            return refusal;
          }
        }
        await client.query("COMMIT");
        return "ok";
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async admit(a) {
      try {
        await pool.query({
          name: "okap_admit",
          text: `SELECT okap_admit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
          values: [
            a.holdId,
            a.scopeId,
            a.grantId,
            a.userId,
            a.provider,
            a.model,
            a.endpoint,
            a.amountMicros.toString(),
            a.monthWindow,
            a.monthCapMicros?.toString() ?? null,
            a.dayWindow,
            a.dayCapMicros?.toString() ?? null,
            a.perMinute?.limit ?? null,
            a.perMinute?.window ?? null,
            a.perMinute?.previous ?? null,
            a.perMinute?.restMs ?? null,
            a.perDay?.limit ?? null,
            a.perDay?.window ?? null,
            a.perDay?.previous ?? null,
            a.perDay?.restMs ?? null,
            pgTime(a.nowMs),
            pgTime(a.expiresAtMs),
            instanceId,
          ],
        });
        return "ok";
      } catch (error) {
        const reason = /^okap:(\w+)$/.exec((error as Error).message)?.[1] as AdmitOutcome | undefined;
        if (reason && REFUSALS.has(reason)) return reason;
        throw error;
      }
    },
    async settle(s) {
      const u = s.usage;
      const { rows } = await pool.query<{ settled: string | null; contained: boolean }>({
        name: "okap_settle_contained",
        text: `SELECT "settled", "contained" FROM okap_settle_contained($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
        values: [
          s.holdId,
          s.costMicros.toString(),
          pgTime(s.nowMs),
          s.status,
          s.outcome,
          s.model,
          u.inputTokens,
          u.outputTokens,
          u.cacheReadTokens,
          u.cacheWriteTokens,
          u.cacheWrite1hTokens,
          u.reasoningTokens,
          s.estimated,
          s.latencyMs,
          s.ttfbMs,
          u.inputAudioTokens ?? 0,
          u.outputAudioTokens ?? 0,
          u.inputImageTokens ?? 0,
          u.outputImageTokens ?? 0,
        ],
      });
      const row = rows[0];
      return row && row.settled !== null ? { settledMicros: BigInt(row.settled), contained: row.contained } : null;
    },
    async sweep(nowMs) {
      const { rows } = await pool.query<{ n: number }>(`SELECT okap_sweep($1) AS n`, [pgTime(nowMs)]);
      const prune = ratePrune(nowMs);
      await pool.query(`DELETE FROM "RateWindow" WHERE ("window" LIKE $1 AND "window" < $2) OR ("window" LIKE $3 AND "window" < $4)`, [
        prune.minute.like,
        prune.minute.before,
        prune.day.like,
        prune.day.before,
      ]);
      return Number(rows[0]?.n ?? 0);
    },
    async heartbeat() {
      await pool.query({ name: "okap_heartbeat", text: `SELECT okap_heartbeat($1)`, values: [instanceId] });
    },
    async settleOrphans(o) {
      const { rows } = await pool.query<{ n: number }>({
        name: "okap_settle_orphans",
        text: `SELECT okap_settle_orphans($1, $2, $3) AS n`,
        values: [instanceId, o.staleMs, pgTime(o.nowMs)],
      });
      return Number(rows[0]?.n ?? 0);
    },
    async renewHolds(holdIds, expiresAtMs) {
      const { rowCount } = await pool.query({
        name: "okap_renew_holds",
        text: `UPDATE "Hold" SET "expiresAt" = $2 WHERE "id" = ANY($1::text[]) AND "state" = 'held' AND "expiresAt" < $2`,
        values: [holdIds, pgTime(expiresAtMs)],
      });
      return rowCount ?? 0;
    },
    async windowTotals(scopeId, windows) {
      const { rows } = await pool.query<{ window: string; committedMicros: string; heldMicros: string }>(
        `SELECT "window", "committedMicros", "heldMicros" FROM "SpendWindow" WHERE "scopeId" = $1 AND "window" = ANY($2::text[])`,
        [scopeId, windows],
      );
      return new Map(
        rows.map((r) => [
          r.window,
          { committedMicros: BigInt(r.committedMicros), heldMicros: BigInt(r.heldMicros) } satisfies WindowTotals,
        ]),
      );
    },
    async priceOverrides() {
      const { rows } = await pool.query<Record<string, string | null>>(`SELECT * FROM "PriceOverride"`);
      return rows.map(
        (r) =>
          ({
            provider: r.provider!,
            model: r.model!,
            inputMicrosPerMtok: BigInt(r.inputMicrosPerMtok!),
            outputMicrosPerMtok: BigInt(r.outputMicrosPerMtok!),
            cacheReadMicrosPerMtok: money(r.cacheReadMicrosPerMtok ?? null),
            cacheWriteMicrosPerMtok: money(r.cacheWriteMicrosPerMtok ?? null),
            cacheWrite1hMicrosPerMtok: money(r.cacheWrite1hMicrosPerMtok ?? null),
          }) satisfies PriceOverrideRecord,
      );
    },
    async close() {
      await pool.end();
    },
  };
}
