/**
 * Spend caps under concurrency, through HTTP on SQLite and PostgreSQL: 200 simultaneous requests on a grant with room for
 * exactly 10 reservations. Never more admitted than fit, `committed <= cap` afterwards, every hold
 * settled, nothing left held, and the ledger equal to the sum of the usage events. Then mixed
 * concurrent traffic (models, upstream errors) and the cockpit's hourly and daily rollups equal to the
 * raw usage events, to the token and µ$.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { sumUsage } from "@/lib/domain/usage/sum-usage";
import { describeEachDatabase } from "@/test/support/databases";
import { expectNoCanary, settledUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import { waitFor } from "@/test/support/wait-for";

const BODY = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "concurrency" }], max_tokens: 100 });
// gpt-4o-mini: every input byte at the dearest input rate ($0.15/M), 100 output tokens at $0.60/M
const RESERVATION = BigInt(Math.ceil((Buffer.byteLength(BODY) * 150_000 + 100 * 600_000) / 1_000_000));
const CAP = 10n * RESERVATION;

describeEachDatabase("200 simultaneous requests on $kind", (kind) => {
  let h: ProxyHarness;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
  });

  it("admits exactly the 10 that fit, refuses the rest with 402, and settles every hold", async () => {
    const capUsd = (Number(CAP) / 1e6).toFixed(6);
    const grant = await h.grants.create([
      { provider: "openai", capabilities: ["chat"], monthlyUsd: capUsd, dailyUsd: capUsd, rpm: 1000, rpd: 100_000 },
    ]);
    // The provider answers only once every refusal is back (or after 20 s, should more than 10 be
    // admitted), so all 200 admissions happen while the first 10 still hold their reservation,
    // however slow the machine.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    h.fake.reply(async () => {
      await released;
      return {
        json: {
          id: "chatcmpl-x",
          object: "chat.completion",
          model: "gpt-4o-mini",
          choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
          usage: { prompt_tokens: 20, completion_tokens: 50, total_tokens: 70 },
        },
      };
    });
    const headers = { authorization: `Bearer ${grant.token}`, "content-type": "application/json" };
    let answered = 0;
    const all = Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers, body: BODY }).then(
          async (r) => (await r.arrayBuffer(), answered++, r.status),
        ),
      ),
    );
    await waitFor(() => answered >= 190, 20_000, "the refusals").catch(() => undefined);
    release();
    const statuses = await all;
    const count = (s: number) => statuses.filter((x) => x === s).length;
    expect({ ok: count(200), refused: count(402), other: statuses.length - count(200) - count(402) }).toEqual({
      ok: 10,
      refused: 190,
      other: 0,
    });
    expect(h.fake.requests).toHaveLength(10);

    const events = await settledUsage(h, grant.grantId);
    expect(events).toHaveLength(10);
    expect(events.every((e) => e.costMicros === 33n && !e.estimated)).toBe(true); // 20 x 0.15 + 50 x 0.60 = 33 µ$
    const holds = await h.grants.holds(grant.scopeIds[0]!);
    expect(holds).toHaveLength(10);
    expect(holds.every((x) => x.state === "settled" && x.amountMicros === RESERVATION)).toBe(true);
    for (const w of await h.grants.windows(grant.scopeIds[0]!)) {
      expect(w).toMatchObject({ committedMicros: 330n, heldMicros: 0n });
      expect(w.committedMicros).toBeLessThanOrEqual(CAP);
    }
  });

  it("keeps the cockpit's rollups equal to the raw usage events under 120 concurrent proxied requests", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "1000", rpm: 100_000, rpd: 1_000_000 }]);
    let n = 0;
    h.fake.reply(async () => {
      const i = n++;
      if (i % 9 === 0) return { status: 500, json: { error: { message: "upstream broke", type: "server_error" } } };
      return {
        json: {
          id: `chatcmpl-${i}`,
          object: "chat.completion",
          model: i % 2 ? "gpt-4o-mini" : "gpt-4o-mini-2024-07-18",
          choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10 + i, completion_tokens: 5 + (i % 7), total_tokens: 15 + i + (i % 7) },
        },
      };
    });
    const headers = { authorization: `Bearer ${grant.token}`, "content-type": "application/json" };
    await Promise.all(
      Array.from({ length: 120 }, () =>
        fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers, body: BODY }).then((r) => r.arrayBuffer()),
      ),
    );
    const events = await settledUsage(h, grant.grantId);
    expect(events).toHaveLength(120);
    const rollups = await h.grants.db.usageRollup.findMany({ where: { grantId: grant.grantId, requests: { not: 0n } } });
    for (const period of ["h", "d"] as const) {
      const span = period === "h" ? 3_600_000 : 86_400_000;
      const expected = new Map<string, { requests: number; input: number; output: number; cost: bigint }>();
      for (const e of events) {
        const key = [new Date(Math.floor(e.createdAt.getTime() / span) * span).toISOString(), e.model ?? "", e.outcome].join(" ");
        const s = expected.get(key) ?? { requests: 0, input: 0, output: 0, cost: 0n };
        expected.set(key, {
          requests: s.requests + 1,
          input: s.input + e.inputTokens,
          output: s.output + e.outputTokens,
          cost: s.cost + e.costMicros,
        });
      }
      const mine = rollups.filter((r) => r.period === period);
      expect(mine.length, period).toBe(expected.size);
      for (const r of mine)
        expect({ requests: Number(r.requests), input: Number(r.inputTokens), output: Number(r.outputTokens), cost: r.costMicros }).toEqual(
          expected.get([r.bucket.toISOString(), r.model, r.outcome].join(" ")),
        );
    }
    const [total] = await sumUsage(h.grants.db, grant.userId, { grant_id: grant.grantId }, null);
    expect(total!.totals.requests).toBe(120);
    expect(total!.totals.costMicros).toBe(events.reduce((s, e) => s + e.costMicros, 0n));
    expect(total!.totals.input_tokens).toBe(events.reduce((s, e) => s + e.inputTokens, 0));
  });
});
