/**
 * A provider that reports far more usage than the reservation allowed for (a bug, or a feature the
 * vault cannot see in the body), on SQLite and PostgreSQL, through the real OpenAI SDK: a burst
 * admitted before the surprise is charged exactly and stops the grant; after the first surprise
 * the entry is contained (one request at a time), so the cap is passed by at most one request's
 * real cost; the owner is told once (audit, log) and can reset it through the management API.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { completion } from "@/test/support/chat-fixtures";
import { describeEachDatabase } from "@/test/support/databases";
import { ManagementApi } from "@/test/support/management-api";
import { expectNoCanary, rejection, settledUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import type { TestGrant } from "@/test/support/grants";
import { waitFor } from "@/test/support/wait-for";

const MESSAGES = [{ role: "user" as const, content: "hello there" }];
/** What the upstream reports for every call: 20,000 input tokens for a two-word prompt. */
const SURPRISE = completion(20_000, 2);
/** Its real cost on gpt-4o-mini: 20,000 x $0.15/M + 2 x $0.60/M = 3,001.2 µ$, rounded up. */
const REAL_COST = 3_002n;

describeEachDatabase("overshoot containment on $kind", (kind) => {
  let h: ProxyHarness;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
    expectNoCanary(h.transcript.join("\n"), "responses");
  });

  const call = (client: OpenAI) => client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, max_tokens: 10 });
  const committed = async (grant: TestGrant) => {
    const events = await settledUsage(h, grant.grantId);
    const sum = events.reduce((s, e) => s + e.costMicros, 0n);
    for (const w of await h.grants.windows(grant.scopeIds[0]!)) expect(w).toMatchObject({ committedMicros: sum, heldMicros: 0n });
    return sum;
  };

  it("a burst admitted before any surprise settles is charged exactly, and the grant is stopped after it", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "0.05" }]);
    h.fake.reset();
    let release!: () => void;
    const allArrived = new Promise<void>((resolve) => (release = resolve));
    h.fake.reply(async () => {
      if (h.fake.requests.length >= 50) release();
      await allArrived; // every request of the burst is admitted before the first one settles
      return { json: SURPRISE };
    });
    const client = h.openai(grant.token);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => call(client)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(50);
    expect(await committed(grant)).toBe(50n * REAL_COST); // the overshoot, exactly as the provider reported it
    h.fake.reset();
    const error = await rejection(call(client));
    expect(error.status).toBe(402);
    expect(h.fake.requests).toHaveLength(0);
  });

  it("after one surprise, 400 concurrent requests pass the cap by at most one request's real cost", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "1" }]);
    h.fake.reset();
    h.fake.reply(() => ({ json: SURPRISE }));
    const client = h.openai(grant.token);
    await call(client); // the surprise: 3,002 µ$ charged on a hold of a few dozen µ$
    await waitFor(
      async () => (await h.grants.db.grantScope.findUnique({ where: { id: grant.scopeIds[0]! } }))?.containedHoldId,
      5_000,
      "the containment",
    );

    const results = await Promise.allSettled(Array.from({ length: 400 }, () => call(client)));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as InstanceType<typeof OpenAI.APIError>] : []));
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect(e.status).toBe(429);
      expect(e.code).toBe("spend_contained");
      expect(e.headers?.get("retry-after")).toBe("1");
    }
    expect(await committed(grant)).toBeLessThanOrEqual(1_000_000n + REAL_COST);
  });

  it("clients that keep retrying until the budget is gone end at most one request's real cost above the cap", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "0.05" }]);
    h.fake.reset();
    h.fake.reply(() => ({ json: SURPRISE, delayMs: 5 }));
    const client = h.openai(grant.token);
    await call(client);
    await waitFor(
      async () => (await h.grants.db.grantScope.findUnique({ where: { id: grant.scopeIds[0]! } }))?.containedHoldId,
      5_000,
      "the containment",
    );
    let budgetRefusals = 0;
    const worker = async () => {
      for (;;) {
        const outcome = await call(client).then(
          () => "ok",
          (e: InstanceType<typeof OpenAI.APIError>) => e.code ?? String(e.status),
        );
        if (outcome === "budget_exceeded") return void budgetRefusals++;
        expect(["ok", "spend_contained"]).toContain(outcome);
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    expect(budgetRefusals).toBe(32);
    const total = await committed(grant);
    expect(total).toBeGreaterThan(50_000n); // the budget was used up...
    expect(total).toBeLessThanOrEqual(50_000n + REAL_COST); // ...and passed by one request at most
  });

  it("the owner is told once (audit, log), sees it on the grant, and a reset lets requests run side by side again", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
    h.fake.reset();
    h.fake.reply(() => ({ json: SURPRISE }));
    const client = h.openai(grant.token);
    await call(client);
    await call(client); // a second surprise while contained starts nothing new
    const audit = () => h.grants.db.auditEvent.findMany({ where: { action: "grant.contained", targetId: grant.grantId } });
    await waitFor(async () => (await audit()).length === 1, 10_000, "the grant.contained audit event");
    const api = await ManagementApi.create(h.vault.url, h.grants.db, grant.userId, "write");
    const view = (await api.get(`/api/v1/grants/${grant.grantId}`)).json();
    expect(view.scopes[0].contained).toMatchObject({ request_id: expect.stringMatching(/^pxr_/) });
    expect(h.vault.output()).toContain("grant entry contained");

    h.fake.reset();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    h.fake.reply(async () => {
      await gate;
      return { json: completion(5, 2) };
    });
    const first = call(client);
    await waitFor(() => h.fake.requests.length === 1, 5_000, "the first request upstream");
    const second = await call(client).then(
      () => "ok",
      (e: InstanceType<typeof OpenAI.APIError>) => e.code,
    );
    expect(second).toBe("spend_contained"); // contained: one at a time
    open();
    await first;

    const reset = await api.call("POST", `/api/v1/grants/${grant.grantId}/reset-containment`);
    expect(reset.status).toBe(200);
    expect(reset.json().scopes[0].contained).toBeNull();
    expect(await h.grants.db.auditEvent.count({ where: { action: "grant.containment_reset", targetId: grant.grantId } })).toBe(1);
    h.fake.reset();
    let releaseAfter!: () => void;
    const bothAfter = new Promise<void>((resolve) => (releaseAfter = resolve));
    h.fake.reply(async () => {
      if (h.fake.requests.length >= 2) releaseAfter();
      await bothAfter;
      return { json: completion(5, 2) };
    });
    const after = await Promise.allSettled([call(client), call(client)]);
    expect(after.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]); // side by side again
    expect(await audit()).toHaveLength(1);
  });
});
