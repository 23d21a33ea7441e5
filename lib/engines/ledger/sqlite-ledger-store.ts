/**
 * LedgerStore on SQLite: its own better-sqlite3 connection (synchronous, prepared statements, WAL).
 * Writes run in BEGIN IMMEDIATE transactions, so two processes on one file serialise on the write
 * lock and no statement ever reads a value it then writes back from JavaScript.
 *
 * synchronous = NORMAL on this connection: in WAL mode a commit is durable against a process crash
 * (kill -9) but not against power loss; an fsync per commit costs ~0.65 ms here and would block the
 * event loop twice per request. VAULT_SQLITE_SYNC=full restores fsync-per-commit.
 */
import { accessSync, constants, existsSync } from "node:fs";
import Database from "better-sqlite3";
import { log } from "@/lib/foundation/log";
import { newId } from "@/lib/foundation/crypto/random";
import { sqlitePathFromUrl } from "@/lib/foundation/db/sqlite-path";
import { GRANT_COLUMNS, GRANT_JOINS, grantFromRows, type GrantRow } from "@/lib/engines/ledger/grant-rows";
import { RATE_SPAN_MS, ratePrune } from "@/lib/engines/ledger/windows";
import type {
  AdmitInput,
  AdmitOutcome,
  PriceOverrideRecord,
  LedgerStore,
  OrphanSettlement,
  RateStep,
  SettleInput,
  Settled,
  TokenState,
  WindowTotals,
} from "@/lib/engines/ledger/ledger-store";

/** Prisma's SQLite DateTime text format (ISO 8601 with an explicit +00:00 offset). */
export function sqliteTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

const CHECKPOINT_INTERVAL_MS = 200;

type SweptHold = { id: string; scopeId: string; monthWindow: string; dayWindow: string; amountMicros: bigint };

class Refused extends Error {
  constructor(readonly outcome: AdmitOutcome) {
    super(outcome);
  }
}

/** WAL pages past which a WAL that checkpoints nothing is worth a warning (about 40 MB). */
const WAL_WARN_PAGES = 10_000;

/**
 * A WAL that cannot be checkpointed (the database file is not writable, a reader holds it) grows
 * without bound: one warning when it passes WAL_WARN_PAGES with nothing checkpointed, one line when
 * checkpoints move again.
 */
function walWatch() {
  let warned = false;
  return {
    observe(logPages: number, checkpointed: number) {
      const stuck = logPages > WAL_WARN_PAGES && checkpointed < logPages;
      if (stuck && !warned) {
        warned = true;
        log.warn("the SQLite WAL cannot be checkpointed into vault.db and keeps growing; is the database file writable?", {
          wal_pages: logPages,
          checkpointed_pages: checkpointed,
        });
      } else if (!stuck && warned && checkpointed >= logPages) {
        warned = false;
        log.info("the SQLite WAL is checkpointed again", { wal_pages: logPages });
      }
    },
  };
}

/**
 * SQLite maps vault.db-shm into memory (the WAL index): if that file is not writable, the first write
 * through the mapping kills the process with SIGBUS. Refuse to open instead, with the reason.
 */
function assertShmWritable(file: string): void {
  const shm = `${file}-shm`;
  if (!existsSync(shm)) return;
  try {
    accessSync(shm, constants.W_OK);
  } catch {
    throw new Error(`${shm} is not writable by the vault: SQLite needs to write it (fix its owner or mode)`);
  }
}

export function openSqliteLedgerStore(databaseUrl: string, options: { fsync?: boolean; instanceId?: string } = {}): LedgerStore {
  const instanceId = options.instanceId ?? newId("ins");
  assertShmWritable(sqlitePathFromUrl(databaseUrl));
  const sqlite = new Database(sqlitePathFromUrl(databaseUrl), { timeout: 2_000 });
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${options.fsync ? "FULL" : "NORMAL"}`);
  sqlite.pragma("foreign_keys = ON");
  // Checkpoints (which fsync) run five times a second from a timer instead of inside whichever request's
  // commit crosses the 1000-page mark (a dozen times a second under load): fewer latency spikes.
  sqlite.pragma("wal_autocheckpoint = 0");
  const wal = walWatch();
  const checkpoints = setInterval(() => {
    try {
      const [result] = sqlite.pragma("wal_checkpoint(PASSIVE)") as { log: number; checkpointed: number }[];
      if (result) wal.observe(result.log, result.checkpointed);
    } catch {
      // busy or closing: the next tick tries again
    }
  }, CHECKPOINT_INTERVAL_MS);
  checkpoints.unref();

  const findGrant = sqlite
    .prepare(`SELECT ${GRANT_COLUMNS}, g."expiresAt" AS "expiresAt" ${GRANT_JOINS} WHERE t."hash" = ? ORDER BY s."id"`)
    .safeIntegers(true);
  const tokenStates = sqlite.prepare(
    `SELECT t."id" AS id, t."revokedAt" AS revokedAt, g."status" AS status, g."expiresAt" AS expiresAt
       FROM "Token" t JOIN "Grant" g ON g."id" = t."grantId" WHERE t."id" IN (SELECT value FROM json_each(?))`,
  );
  const rateInsert = sqlite.prepare(`INSERT INTO "RateWindow" ("scopeId", "window", "count") VALUES (?, ?, 0) ON CONFLICT DO NOTHING`);
  const rateStep = sqlite.prepare(
    `UPDATE "RateWindow" SET "count" = "count" + 1 WHERE "scopeId" = @scope AND "window" = @window
       AND ("count" + 1) * @span + COALESCE((SELECT "count" FROM "RateWindow" WHERE "scopeId" = @scope AND "window" = @previous), 0) * @rest <= @limit * @span`,
  );
  const windowInsert = sqlite.prepare(
    `INSERT INTO "SpendWindow" ("scopeId", "window", "committedMicros", "heldMicros") VALUES (?, ?, 0, 0) ON CONFLICT DO NOTHING`,
  );
  // A zero hold (a free request) always fits, even in a window whose committed spend went past the cap.
  const holdStep = sqlite.prepare(
    `UPDATE "SpendWindow" SET "heldMicros" = "heldMicros" + @amount WHERE "scopeId" = @scope AND "window" = @window
       AND (@cap IS NULL OR @amount = 0 OR "committedMicros" + "heldMicros" + @amount <= @cap)`,
  );
  // Overshoot containment (same as okap_hold_step and okap_settle_contained, migration 0011).
  const containedHere = sqlite.prepare(`SELECT 1 FROM "GrantScope" WHERE "id" = ? AND "containedWindow" = ?`);
  const heldIn = sqlite.prepare(`SELECT "heldMicros" FROM "SpendWindow" WHERE "scopeId" = ? AND "window" = ?`).safeIntegers(true);
  const contain = sqlite.prepare(
    `UPDATE "GrantScope" SET "containedWindow" = @window, "containedAt" = @now, "containedHoldId" = @hold
      WHERE "id" = @scope AND ("monthlyCapMicros" IS NOT NULL OR "dailyCapMicros" IS NOT NULL) AND "containedWindow" IS NOT @window`,
  );
  const holdInsert = sqlite.prepare(
    `INSERT INTO "Hold" ("id", "scopeId", "monthWindow", "dayWindow", "amountMicros", "state", "createdAt", "expiresAt", "instanceId")
     VALUES (?, ?, ?, ?, ?, 'held', ?, ?, ?)`,
  );
  const usageInsert = sqlite.prepare(
    `INSERT INTO "UsageEvent" ("id", "userId", "grantId", "scopeId", "provider", "model", "endpoint", "status", "outcome", "latencyMs", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'pending', 0, ?)`,
  );
  // The real cost is committed, also when it is above the hold (the window may then pass its cap:
  // the next requests are refused; see lib/domain/spend/settle-spend.ts). Same as okap_settle, migration 0005.
  const holdSettle = sqlite
    .prepare(
      `UPDATE "Hold" SET "state" = 'settled', "settledAt" = ?, "settledMicros" = ? WHERE "id" = ? AND "state" = 'held'
       RETURNING "scopeId", "monthWindow", "dayWindow", "amountMicros", "settledMicros"`,
    )
    .safeIntegers(true);
  const release = sqlite.prepare(
    `UPDATE "SpendWindow" SET "heldMicros" = "heldMicros" - @amount, "committedMicros" = "committedMicros" + @settled
      WHERE "scopeId" = @scope AND "window" IN (@month, @day)`,
  );
  const usageComplete = sqlite.prepare(
    `UPDATE "UsageEvent" SET "status" = @status, "outcome" = @outcome, "model" = COALESCE(@model, "model"), "inputTokens" = @input,
       "outputTokens" = @output, "cacheReadTokens" = @cacheRead, "cacheWriteTokens" = @cacheWrite, "cacheWrite1hTokens" = @cacheWrite1h,
       "reasoningTokens" = @reasoning, "inputAudioTokens" = @inputAudio, "outputAudioTokens" = @outputAudio,
       "inputImageTokens" = @inputImage, "outputImageTokens" = @outputImage, "costMicros" = @cost, "estimated" = @estimated, "latencyMs" = @latency, "ttfbMs" = @ttfb
     WHERE "id" = @id`,
  );
  const holdSweep = sqlite
    .prepare(
      `UPDATE "Hold" SET "state" = 'swept', "settledAt" = ?, "settledMicros" = "amountMicros" WHERE "state" = 'held' AND "expiresAt" < ?
       RETURNING "id", "scopeId", "monthWindow", "dayWindow", "amountMicros"`,
    )
    .safeIntegers(true);
  const usageSwept = sqlite.prepare(
    `UPDATE "UsageEvent" SET "outcome" = 'swept', "costMicros" = ?, "estimated" = 1 WHERE "id" = ? AND "outcome" = 'pending'`,
  );
  const heartbeat = sqlite.prepare(
    `INSERT INTO "VaultInstance" ("id", "startedAt", "heartbeatAt") VALUES (@id, @now, @now) ON CONFLICT ("id") DO UPDATE SET "heartbeatAt" = @now`,
  );
  const forgetInstances = sqlite.prepare(
    `DELETE FROM "VaultInstance" WHERE "heartbeatAt" < @before
       AND NOT EXISTS (SELECT 1 FROM "Hold" h WHERE h."state" = 'held' AND h."instanceId" = "VaultInstance"."id")`,
  );
  // Every other instance's holds (@all, at start), or those of instances whose heartbeat is older than @stale.
  const orphanSweep = sqlite
    .prepare(
      `UPDATE "Hold" SET "state" = 'swept', "settledAt" = @now, "settledMicros" = "amountMicros"
        WHERE "state" = 'held' AND ("instanceId" IS NULL OR "instanceId" <> @self)
          AND (@all = 1 OR ("instanceId" IS NOT NULL AND "createdAt" < @stale
            AND NOT EXISTS (SELECT 1 FROM "VaultInstance" i WHERE i."id" = "Hold"."instanceId" AND i."heartbeatAt" >= @stale)))
       RETURNING "id", "scopeId", "monthWindow", "dayWindow", "amountMicros"`,
    )
    .safeIntegers(true);
  const usageRestarted = sqlite.prepare(
    `UPDATE "UsageEvent" SET "outcome" = 'vault_restarted', "costMicros" = ?, "estimated" = 1 WHERE "id" = ? AND "outcome" = 'pending'`,
  );
  const holdRenew = sqlite.prepare(
    `UPDATE "Hold" SET "expiresAt" = @expires WHERE "state" = 'held' AND "expiresAt" < @expires AND "id" IN (SELECT value FROM json_each(@ids))`,
  );
  const pruneRates = sqlite.prepare(
    `DELETE FROM "RateWindow" WHERE ("window" LIKE @minuteLike AND "window" < @minuteBefore) OR ("window" LIKE @dayLike AND "window" < @dayBefore)`,
  );
  const totals = sqlite
    .prepare(
      `SELECT "window", "committedMicros", "heldMicros" FROM "SpendWindow" WHERE "scopeId" = ? AND "window" IN (SELECT value FROM json_each(?))`,
    )
    .safeIntegers(true);
  const overrides = sqlite.prepare(`SELECT * FROM "PriceOverride"`).safeIntegers(true);

  const countRates = (scopeId: string, perMinute: RateStep | null, perDay: RateStep | null) => {
    for (const [step, span, refusal] of [
      [perMinute, RATE_SPAN_MS.minute, "rate_minute"],
      [perDay, RATE_SPAN_MS.day, "rate_day"],
    ] as const) {
      if (!step) continue;
      rateInsert.run(scopeId, step.window);
      const { changes } = rateStep.run({
        scope: scopeId,
        window: step.window,
        previous: step.previous,
        span,
        rest: step.restMs,
        limit: step.limit,
      });
      if (changes !== 1) throw new Refused(refusal);
    }
  };
  const admitRate = sqlite.transaction((scopeId: string, perMinute: RateStep | null, perDay: RateStep | null) =>
    countRates(scopeId, perMinute, perDay),
  );

  const admit = sqlite.transaction((a: AdmitInput) => {
    countRates(a.scopeId, a.perMinute, a.perDay);
    for (const [window, cap, refusal] of [
      [a.monthWindow, a.monthCapMicros, "budget_month"],
      [a.dayWindow, a.dayCapMicros, "budget_day"],
    ] as const) {
      windowInsert.run(a.scopeId, window);
      if (holdStep.run({ scope: a.scopeId, window, amount: a.amountMicros, cap }).changes !== 1) throw new Refused(refusal);
    }
    // One priced request at a time on a contained entry: was anything else held in the month window?
    if (a.amountMicros > 0n && containedHere.get(a.scopeId, a.monthWindow)) {
      const { heldMicros } = heldIn.get(a.scopeId, a.monthWindow) as { heldMicros: bigint };
      if (heldMicros > a.amountMicros) throw new Refused("contained");
    }
    const now = sqliteTime(a.nowMs);
    holdInsert.run(a.holdId, a.scopeId, a.monthWindow, a.dayWindow, a.amountMicros, now, sqliteTime(a.expiresAtMs), instanceId);
    usageInsert.run(a.holdId, a.userId, a.grantId, a.scopeId, a.provider, a.model, a.endpoint, now);
  });

  const settle = sqlite.transaction((s: SettleInput): Settled | null => {
    const hold = holdSettle.get(sqliteTime(s.nowMs), s.costMicros, s.holdId) as
      { scopeId: string; monthWindow: string; dayWindow: string; amountMicros: bigint; settledMicros: bigint } | undefined;
    if (hold)
      release.run({
        scope: hold.scopeId,
        month: hold.monthWindow,
        day: hold.dayWindow,
        amount: hold.amountMicros,
        settled: hold.settledMicros,
      });
    const u = s.usage;
    usageComplete.run({
      id: s.holdId,
      status: s.status,
      outcome: s.outcome,
      model: s.model,
      input: u.inputTokens,
      output: u.outputTokens,
      cacheRead: u.cacheReadTokens,
      cacheWrite: u.cacheWriteTokens,
      cacheWrite1h: u.cacheWrite1hTokens,
      reasoning: u.reasoningTokens,
      inputAudio: u.inputAudioTokens ?? 0,
      outputAudio: u.outputAudioTokens ?? 0,
      inputImage: u.inputImageTokens ?? 0,
      outputImage: u.outputImageTokens ?? 0,
      cost: s.costMicros,
      estimated: s.estimated ? 1 : 0,
      latency: s.latencyMs,
      ttfb: s.ttfbMs,
    });
    if (!hold) return null;
    const contained =
      hold.settledMicros > hold.amountMicros &&
      contain.run({ window: hold.monthWindow, now: sqliteTime(s.nowMs), hold: s.holdId, scope: hold.scopeId }).changes === 1;
    return { settledMicros: hold.settledMicros, contained };
  });

  const sweep = sqlite.transaction((nowMs: number): number => {
    const now = sqliteTime(nowMs);
    const swept = holdSweep.all(now, now) as SweptHold[];
    for (const h of swept) {
      release.run({ scope: h.scopeId, month: h.monthWindow, day: h.dayWindow, amount: h.amountMicros, settled: h.amountMicros });
      usageSwept.run(h.amountMicros, h.id);
    }
    const prune = ratePrune(nowMs);
    pruneRates.run({
      minuteLike: prune.minute.like,
      minuteBefore: prune.minute.before,
      dayLike: prune.day.like,
      dayBefore: prune.day.before,
    });
    return swept.length;
  });

  const settleOrphans = sqlite.transaction((o: OrphanSettlement): number => {
    const settled = orphanSweep.all({
      now: sqliteTime(o.nowMs),
      self: instanceId,
      all: o.everyOtherInstance ? 1 : 0,
      stale: sqliteTime(o.nowMs - o.staleMs),
    }) as SweptHold[];
    for (const h of settled) {
      release.run({ scope: h.scopeId, month: h.monthWindow, day: h.dayWindow, amount: h.amountMicros, settled: h.amountMicros });
      usageRestarted.run(h.amountMicros, h.id);
    }
    return settled.length;
  });

  return {
    kind: "sqlite",
    instanceId,
    async findGrantByTokenHash(hash) {
      const rows = (findGrant.all(hash) as (GrantRow & { expiresAt: string })[]).map((r) => ({
        ...r,
        expiresAtMs: Date.parse(r.expiresAt),
      }));
      return grantFromRows(rows);
    },
    async tokenStates(ids) {
      const rows = tokenStates.all(JSON.stringify(ids)) as { id: string; revokedAt: unknown; status: string; expiresAt: string }[];
      return new Map(
        rows.map((r) => [
          r.id,
          { revoked: r.revokedAt !== null, status: r.status, expiresAtMs: Date.parse(r.expiresAt) } satisfies TokenState,
        ]),
      );
    },
    async admit(input) {
      try {
        admit.immediate(input);
        return "ok";
      } catch (error) {
        if (error instanceof Refused) return error.outcome;
        throw error;
      }
    },
    async admitRate(scopeId, perMinute, perDay) {
      try {
        admitRate.immediate(scopeId, perMinute, perDay);
        return "ok";
      } catch (error) {
        if (error instanceof Refused && (error.outcome === "rate_minute" || error.outcome === "rate_day")) return error.outcome;
        throw error;
      }
    },
    async settle(input) {
      return settle.immediate(input);
    },
    async sweep(nowMs) {
      return sweep.immediate(nowMs);
    },
    async heartbeat(nowMs) {
      heartbeat.run({ id: instanceId, now: sqliteTime(nowMs) });
      forgetInstances.run({ before: sqliteTime(nowMs - 86_400_000) });
    },
    async settleOrphans(input) {
      return settleOrphans.immediate(input);
    },
    async renewHolds(holdIds, expiresAtMs) {
      return holdRenew.run({ expires: sqliteTime(expiresAtMs), ids: JSON.stringify(holdIds) }).changes;
    },
    async windowTotals(scopeId, windows) {
      const rows = totals.all(scopeId, JSON.stringify(windows)) as { window: string; committedMicros: bigint; heldMicros: bigint }[];
      return new Map(rows.map((r) => [r.window, { committedMicros: r.committedMicros, heldMicros: r.heldMicros } satisfies WindowTotals]));
    },
    async priceOverrides() {
      return overrides.all() as PriceOverrideRecord[];
    },
    async close() {
      clearInterval(checkpoints);
      sqlite.close();
    },
  };
}
