/**
 * The ledger in the database, on SQLite and PostgreSQL, through two LedgerStore instances on one
 * database (two vault instances): the sliding-window rate limit shared by both, holds that fit
 * the cap atomically, exactly-once settlement, the sweep at the reserved amount, and the database
 * refusing a negative window or a second settlement whoever writes; holds renewed while their request
 * runs, and a swept usage event that a late settlement leaves as it is.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/foundation/db/migrate";
import { ZERO_USAGE } from "@/lib/engines/providers/types";
import { openLedgerStore } from "@/lib/engines/ledger/ledger-store-for";
import type { AdmitInput, LedgerStore } from "@/lib/engines/ledger/ledger-store";
import { rateSteps } from "@/lib/engines/ledger/rate-limit";
import { rateWindows, spendWindows } from "@/lib/engines/ledger/windows";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { GrantFactory, newSecretKey, type TestGrant } from "@/test/support/grants";

const MID_MINUTE = Date.UTC(2026, 10, 22, 12, 30, 30); // 12:30:30 UTC

describeEachDatabase("LedgerStore on $kind", (kind) => {
  let url: string;
  let grants: GrantFactory;
  let a: LedgerStore;
  let b: LedgerStore;
  let seq = 0;

  beforeAll(async () => {
    url = await freshDatabaseUrl(kind);
    await migrateDatabase(url);
    grants = new GrantFactory(url, newSecretKey());
    a = openLedgerStore(url);
    b = openLedgerStore(url);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await grants.close();
  });

  function admission(
    grant: TestGrant,
    nowMs: number,
    amount: bigint,
    limits: { rpm?: number; rpd?: number; monthCap?: bigint } = {},
  ): AdmitInput {
    const windows = spendWindows(nowMs);
    const steps = rateSteps({ requestsPerMinute: limits.rpm ?? null, requestsPerDay: limits.rpd ?? null }, nowMs);
    return {
      holdId: `pxr_test${kind}${++seq}`,
      scopeId: grant.scopeIds[0]!,
      grantId: grant.grantId,
      userId: grant.userId,
      provider: "openai",
      model: "m",
      endpoint: "chat/completions",
      amountMicros: amount,
      monthWindow: windows.month,
      monthCapMicros: limits.monthCap ?? null,
      dayWindow: windows.day,
      dayCapMicros: null,
      perMinute: steps.perMinute,
      perDay: steps.perDay,
      nowMs,
      expiresAtMs: nowMs + 60_000,
    };
  }

  it("two instances share one per-minute limit; the previous minute still weighs on the next", async () => {
    const grant = await grants.create([{ provider: "openai" }]);
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).admit(admission(grant, MID_MINUTE, 0n, { rpm: 60 }))),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(60);
    expect(new Set(outcomes.filter((o) => o !== "ok"))).toEqual(new Set(["rate_minute"]));
    // 30 s into the next minute half of the previous minute's 60 still counts: 30 more fit
    const next = MID_MINUTE + 60_000;
    const later = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).admit(admission(grant, next, 0n, { rpm: 60 }))));
    expect(later.filter((o) => o === "ok")).toHaveLength(30);
  });

  it("holds only what fits the cap, atomically, whichever instance asks", async () => {
    const grant = await grants.create([{ provider: "openai" }]);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).admit(admission(grant, MID_MINUTE, 300_000n, { monthCap: 1_000_000n }))),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(3); // a $1.00 cap, $0.30 each
    expect(outcomes.filter((o) => o === "budget_month")).toHaveLength(47);
    const totals = await a.windowTotals(grant.scopeIds[0]!, [spendWindows(MID_MINUTE).month]);
    expect([...totals.values()]).toEqual([{ committedMicros: 0n, heldMicros: 900_000n }]);
  });

  it("settles exactly once, sweeps stale holds at their reservation, and never charges twice", async () => {
    const grant = await grants.create([{ provider: "openai" }]);
    const now = Date.now();
    const first = admission(grant, now, 500n);
    const second = { ...admission(grant, now, 700n), expiresAtMs: now - 1 };
    expect(await a.admit(first)).toBe("ok");
    expect(await b.admit(second)).toBe("ok");
    const settle = {
      holdId: first.holdId,
      costMicros: 120n,
      nowMs: now,
      status: 200,
      outcome: "ok",
      model: "m",
      usage: ZERO_USAGE,
      estimated: false,
      latencyMs: 5,
      ttfbMs: 2,
    };
    const [x, y] = await Promise.all([a.settle(settle), b.settle({ ...settle, costMicros: 499n })]);
    expect([x, y].filter((v) => v !== null)).toHaveLength(1);
    expect(await a.sweep(now)).toBeGreaterThanOrEqual(1); // (earlier tests' holds are stale too)
    expect((await grants.db.hold.findUnique({ where: { id: first.holdId } }))!.state).toBe("settled");
    expect(await grants.db.hold.findUnique({ where: { id: second.holdId } })).toMatchObject({ state: "swept", settledMicros: 700n });
    expect(await b.settle({ ...settle, holdId: second.holdId })).toBeNull(); // late: already swept
    // ...and its usage event keeps what the sweep charged (the usage events sum to what was committed)
    expect(await grants.db.usageEvent.findUnique({ where: { id: second.holdId } })).toMatchObject({
      outcome: "swept",
      costMicros: 700n,
      estimated: true,
    });
    const windows = spendWindows(now);
    const totals = await a.windowTotals(grant.scopeIds[0]!, [windows.month, windows.day]);
    const committed = (x ?? y)!.settledMicros + 700n;
    expect(totals.get(windows.month)).toEqual({ committedMicros: committed, heldMicros: 0n });
    expect(totals.get(windows.day)).toEqual({ committedMicros: committed, heldMicros: 0n });
  });

  it("a sweep prunes the rate-limit windows no admission reads any more, and keeps the current and previous ones", async () => {
    const grant = await grants.create([{ provider: "openai" }]);
    const scopeId = grant.scopeIds[0]!;
    const now = MID_MINUTE + 7 * 86_400_000;
    for (const at of [now - 3 * 86_400_000, now - 3 * 60_000, now - 60_000, now])
      expect(await a.admit(admission(grant, at, 0n, { rpm: 100, rpd: 1_000 }))).toBe("ok");
    const keys = async () => (await grants.db.rateWindow.findMany({ where: { scopeId } })).map((r) => r.window).sort();
    expect(await keys()).toHaveLength(6); // four minutes, two days (three of the admissions on the current one)
    await b.sweep(now);
    const { minute, day } = rateWindows(now);
    expect(await keys()).toEqual([day.window, minute.previous, minute.window].sort());
  });

  it("renews the expiry of held holds in one statement, never earlier, so a sweep spares them", async () => {
    const grant = await grants.create([{ provider: "openai" }]);
    const now = Date.now();
    const live = { ...admission(grant, now, 100n), expiresAtMs: now + 1_000 };
    const later = { ...admission(grant, now, 100n), expiresAtMs: now + 600_000 };
    const done = { ...admission(grant, now, 100n), expiresAtMs: now + 1_000 };
    for (const x of [live, later, done]) expect(await a.admit(x)).toBe("ok");
    await a.settle({
      holdId: done.holdId,
      costMicros: 1n,
      nowMs: now,
      status: 200,
      outcome: "ok",
      model: null,
      usage: ZERO_USAGE,
      estimated: false,
      latencyMs: 1,
      ttfbMs: null,
    });
    expect(await b.renewHolds([live.holdId, later.holdId, done.holdId, "pxr_unknown"], now + 120_000)).toBe(1);
    await a.sweep(now + 60_000);
    const hold = (id: string) => grants.db.hold.findUnique({ where: { id } });
    expect(await hold(live.holdId)).toMatchObject({ state: "held", expiresAt: new Date(now + 120_000) });
    expect(await hold(later.holdId)).toMatchObject({ state: "held", expiresAt: new Date(now + 600_000) });
    expect(await hold(done.holdId)).toMatchObject({ state: "settled", expiresAt: new Date(now + 1_000) });
  });

  it("admissions and settlements of one grant overlap without deadlocks (both lock the month window, then the day window)", async () => {
    const grant = await grants.create([{ provider: "openai" }]);
    const now = Date.now();
    const failures: string[] = [];
    const giveUpAt = Date.now() + 20_000; // each deadlock costs PostgreSQL's deadlock_timeout (1 s): report them, do not time out
    const worker = async (store: LedgerStore) => {
      for (let i = 0; i < 60 && Date.now() < giveUpAt; i++) {
        const input = { ...admission(grant, now, 5n), monthCapMicros: 1_000_000_000n, dayCapMicros: 1_000_000_000n };
        try {
          if ((await store.admit(input)) !== "ok") throw new Error("refused");
          await store.settle({
            holdId: input.holdId,
            costMicros: 3n,
            nowMs: now,
            status: 200,
            outcome: "ok",
            model: null,
            usage: ZERO_USAGE,
            estimated: false,
            latencyMs: 1,
            ttfbMs: null,
          });
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, i) => worker(i % 2 ? a : b)));
    expect([...new Set(failures)]).toEqual([]);
    const windows = spendWindows(now);
    const totals = await a.windowTotals(grant.scopeIds[0]!, [windows.month, windows.day]);
    expect(totals.get(windows.month)).toEqual({ committedMicros: 16n * 60n * 3n, heldMicros: 0n });
    expect(totals.get(windows.day)).toEqual({ committedMicros: 16n * 60n * 3n, heldMicros: 0n });
  });

  it("commits the real cost when it is above the hold, so the next request no longer fits", async () => {
    const grant = await grants.create([{ provider: "openai" }]);
    const now = Date.now();
    const first = admission(grant, now, 400n, { monthCap: 1_000n });
    expect(await a.admit(first)).toBe("ok");
    const usage = { ...ZERO_USAGE, inputTokens: 10, outputTokens: 5_000 };
    const settled = await b.settle({
      holdId: first.holdId,
      costMicros: 1_300n,
      nowMs: now,
      status: 200,
      outcome: "ok",
      model: "m",
      usage,
      estimated: false,
      latencyMs: 5,
      ttfbMs: 2,
    });
    expect(settled).toEqual({ settledMicros: 1_300n, contained: true }); // (its entry is capped: see the containment tests)
    expect(await grants.db.hold.findUnique({ where: { id: first.holdId } })).toMatchObject({
      state: "settled",
      amountMicros: 400n,
      settledMicros: 1_300n,
    });
    const windows = spendWindows(now);
    const totals = await a.windowTotals(grant.scopeIds[0]!, [windows.month, windows.day]);
    expect(totals.get(windows.month)).toEqual({ committedMicros: 1_300n, heldMicros: 0n }); // above the 1,000 µ$ cap: the overshoot is on the books
    expect(totals.get(windows.day)).toEqual({ committedMicros: 1_300n, heldMicros: 0n });
    // the usage event and the windows agree
    expect((await grants.usage(grant.grantId)).map((e) => e.costMicros)).toEqual([1_300n]);
    // nothing that costs more fits; a free request (a zero hold: model lists, token counting) still does
    expect(await a.admit(admission(grant, now, 1n, { monthCap: 1_000n }))).toBe("budget_month");
    expect(await b.admit(admission(grant, now, 0n, { monthCap: 1_000n }))).toBe("ok");
  });

  it("refuses, in the database itself, a negative window and a second settlement", async () => {
    const grant = await grants.create([{ provider: "openai" }]);
    const input = admission(grant, Date.now(), 10n);
    expect(await a.admit(input)).toBe("ok");
    await expect(grants.db.spendWindow.updateMany({ where: { scopeId: grant.scopeIds[0]! }, data: { heldMicros: -1n } })).rejects.toThrow();
    await a.settle({
      holdId: input.holdId,
      costMicros: 1n,
      nowMs: Date.now(),
      status: 200,
      outcome: "ok",
      model: null,
      usage: ZERO_USAGE,
      estimated: false,
      latencyMs: 1,
      ttfbMs: null,
    });
    await expect(grants.db.hold.update({ where: { id: input.holdId }, data: { state: "held" } })).rejects.toThrow();
    await expect(grants.db.hold.update({ where: { id: input.holdId }, data: { state: "swept" } })).rejects.toThrow();
  });

  function settlement(holdId: string, costMicros: bigint, nowMs: number) {
    return {
      holdId,
      costMicros,
      nowMs,
      status: 200,
      outcome: "ok",
      model: "m",
      usage: ZERO_USAGE,
      estimated: false,
      latencyMs: 1,
      ttfbMs: null,
    };
  }

  it("a cost above the hold contains a capped entry: one priced request at a time on every instance, until reset", async () => {
    const grant = await grants.create([{ provider: "openai", monthlyUsd: "10" }]);
    const now = Date.now();
    const cap = { monthCap: 10_000_000n };
    const before = await Promise.all([a.admit(admission(grant, now, 400n, cap)), b.admit(admission(grant, now, 400n, cap))]);
    expect(before).toEqual(["ok", "ok"]); // concurrent requests are fine before any surprise
    const first = admission(grant, now, 400n, cap);
    expect(await a.admit(first)).toBe("ok");
    expect(await b.settle(settlement(first.holdId, 30_000n, now))).toEqual({ settledMicros: 30_000n, contained: true });
    const scope = await grants.db.grantScope.findUniqueOrThrow({ where: { id: grant.scopeIds[0]! } });
    expect(scope).toMatchObject({ containedWindow: spendWindows(now).month, containedHoldId: first.holdId });

    // the two held before are still in flight: nothing priced is admitted until they settle
    expect(await a.admit(admission(grant, now, 400n, cap))).toBe("contained");
    expect(await b.admit(admission(grant, now, 0n, cap))).toBe("ok"); // a free request is never held back
    const holds = await grants.db.hold.findMany({ where: { scopeId: grant.scopeIds[0]!, state: "held", amountMicros: { gt: 0n } } });
    for (const h of holds) await a.settle(settlement(h.id, 100n, now));

    // now exactly one of many concurrent admissions, whichever instance, gets in
    const racers = Array.from({ length: 40 }, () => admission(grant, now, 400n, cap));
    const outcomes = await Promise.all(racers.map((r, i) => (i % 2 ? a : b).admit(r)));
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(new Set(outcomes.filter((o) => o !== "ok"))).toEqual(new Set(["contained"]));
    const admitted = racers[outcomes.indexOf("ok")]!;
    // a second surprise in the same month does not start a new containment
    expect(await b.settle(settlement(admitted.holdId, 50_000n, now))).toEqual({ settledMicros: 50_000n, contained: false });
    expect(await a.admit(admission(grant, now, 400n, cap))).toBe("ok"); // its turn

    // the owner's reset (or a new month) ends it
    await grants.db.grantScope.update({ where: { id: grant.scopeIds[0]! }, data: { containedWindow: null } });
    expect(await Promise.all([a.admit(admission(grant, now, 400n, cap)), b.admit(admission(grant, now, 400n, cap))])).toEqual(["ok", "ok"]);
    const nextMonth = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() + 1, 2);
    await grants.db.grantScope.update({ where: { id: grant.scopeIds[0]! }, data: { containedWindow: spendWindows(now).month } });
    expect(await Promise.all([a.admit(admission(grant, nextMonth, 400n, cap)), b.admit(admission(grant, nextMonth, 400n, cap))])).toEqual([
      "ok",
      "ok",
    ]);
  });

  it("an entry without a cap is never contained: its cost is committed and nothing waits", async () => {
    const grant = await grants.create([{ provider: "openai", monthlyUsd: null }]);
    const now = Date.now();
    const first = admission(grant, now, 400n);
    expect(await a.admit(first)).toBe("ok");
    expect(await b.admit(admission(grant, now, 400n))).toBe("ok");
    expect(await b.settle(settlement(first.holdId, 30_000n, now))).toEqual({ settledMicros: 30_000n, contained: false });
    expect(await Promise.all([a.admit(admission(grant, now, 400n)), b.admit(admission(grant, now, 400n))])).toEqual(["ok", "ok"]);
    expect((await grants.db.grantScope.findUniqueOrThrow({ where: { id: grant.scopeIds[0]! } })).containedWindow).toBeNull();
  });
});
