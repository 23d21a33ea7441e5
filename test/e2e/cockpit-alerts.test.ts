/**
 * What the cockpit tells the outside world, over real HTTP on SQLite and PostgreSQL: spend.threshold
 * webhooks when real proxied calls cross 50/80/100 % of a cap (once per threshold and window, however
 * often and wherever the check runs), grant.expired (once, audited), and GET /okap/grant for the
 * token holder with the token in any SDK's header.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyExpiredGrants } from "@/lib/domain/grants/notify-expired-grants";
import { updateGrant } from "@/lib/domain/grants/update-grant";
import { setPriceOverride } from "@/lib/domain/prices/set-price-override";
import { checkSpendThresholds } from "@/lib/domain/spend/check-spend-thresholds";
import { createWebhook } from "@/lib/domain/webhooks/create-webhook";
import { verifyWebhookSignature } from "@/lib/domain/webhooks/sign-webhook";
import { describeEachDatabase } from "@/test/support/databases";
import type { TestGrant } from "@/test/support/grants";
import { expectNoCanary, settledUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import { waitFor } from "@/test/support/wait-for";

type Event = { id: string; type: string; data: Record<string, any> };
const HI = [{ role: "user" as const, content: "hi" }];

describeEachDatabase("cockpit alerts and GET /okap/grant on $kind", (kind) => {
  let h: ProxyHarness;
  let receiver: Server;
  let secret: string;
  const received: { body: string; signature: string }[] = [];
  const events = (type: string) => received.map((r) => JSON.parse(r.body) as Event).filter((e) => e.type === type);

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d));
      req.on("end", () => {
        received.push({ body, signature: String(req.headers["okap-signature"]) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    h = await startProxyHarness(kind);
    const owner = await h.grants.create([{ provider: "openai", monthlyUsd: "1" }]); // makes the owner
    const user = await h.grants.db.user.findUniqueOrThrow({ where: { id: owner.userId } });
    const port = (receiver.address() as { port: number }).port;
    ({ secret } = await createWebhook(h.grants.db, { type: "cli" }, user.id, {
      url: `http://127.0.0.1:${port}/hook`,
      events: ["spend.threshold", "grant.expired"],
    }));
    // 1 µ$ per output token and free input: every call of the fixture (80 output tokens) costs exactly 80 µ$
    await setPriceOverride(h.grants.db, { type: "cli" }, user, { provider: "openai", model: "gpt-4o-mini", input: "0", output: "1" });
    await new Promise((r) => setTimeout(r, 1_100)); // the proxy reads prices through a 1 s cache
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    receiver.close();
    expectNoCanary(h.vault.output() + received.map((r) => r.body).join("\n"), "vault logs and webhook bodies");
  });

  it("sends one signed spend.threshold event per threshold and window as real calls cross 50, 80 and 100 % of the caps", async () => {
    const grant = await h.grants.create([{ provider: "openai", monthlyUsd: "0.0008", dailyUsd: "0.0004" }]);
    const openai = h.openai(grant.token);
    for (let i = 0; i < 5; i++) await openai.chat.completions.create({ model: "gpt-4o-mini", messages: HI });
    const refused = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: HI }).catch((e: { status: number }) => e);
    expect(refused).toMatchObject({ status: 402 });
    expect((await settledUsage(h, grant.grantId)).map((u) => u.costMicros)).toEqual([80n, 80n, 80n, 80n, 80n]);
    // the vault's own round (nudged after each settlement) sends them...
    const mine = await waitFor(
      async () => {
        const found = events("spend.threshold").filter((e) => e.data.grant_id === grant.grantId);
        return found.length >= 4 ? found : null;
      },
      10_000,
      "four spend.threshold events",
    );
    // ...and more rounds, several at once as several instances would run them, add nothing
    expect(await Promise.all([1, 2, 3, 4].map(() => checkSpendThresholds(h.grants.db)))).toEqual([0, 0, 0, 0]);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(events("spend.threshold").filter((e) => e.data.grant_id === grant.grantId)).toHaveLength(4);
    const month = new Date().toISOString().slice(0, 7);
    const day = new Date().toISOString().slice(0, 10);
    expect(mine.map((e) => `${e.data.period} ${e.data.threshold_percent}`).sort()).toEqual(["day 100", "day 50", "day 80", "month 50"]);
    expect(mine.find((e) => e.data.period === "day" && e.data.threshold_percent === 100)!.data).toEqual({
      grant_id: grant.grantId,
      scope_id: grant.scopeIds[0],
      client_name: "Proxy Test App",
      provider: "openai",
      period: "day",
      window: day,
      threshold_percent: 100,
      committed_usd: "0.0004",
      cap_usd: "0.0004",
      committed_micros: "400",
      cap_micros: "400",
    });
    expect(mine.find((e) => e.data.period === "month")!.data).toMatchObject({ window: month, committed_micros: "400", cap_micros: "800" });
    for (const r of received) expect(verifyWebhookSignature(secret, r.body, r.signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(await h.grants.db.spendAlert.count({ where: { scopeId: grant.scopeIds[0] } })).toBe(4);

    // raising the daily cap re-arms today's thresholds: 400 of 800 µ$ is 50 % of the new cap
    await updateGrant(h.grants.db, { type: "cli" }, grant.userId, grant.grantId, { limits: { daily_spend: "0.0008" } });
    const again = await waitFor(
      async () => {
        const found = events("spend.threshold").filter((e) => e.data.grant_id === grant.grantId);
        return found.length >= 5 ? found : null;
      },
      10_000,
      "the re-armed threshold",
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(events("spend.threshold").filter((e) => e.data.grant_id === grant.grantId)).toHaveLength(5);
    expect(again.at(-1)!.data).toMatchObject({ period: "day", threshold_percent: 50, committed_micros: "400", cap_micros: "800" });
  });

  it("reports an expired grant once (grant.expired, audited), however many rounds run", async () => {
    const grant = await h.grants.create([{ provider: "openai" }], { expiresAt: new Date(Date.now() + 1_500) });
    const event = await waitFor(
      async () => events("grant.expired").find((e) => e.data.grant_id === grant.grantId),
      15_000,
      "grant.expired",
    );
    expect(event.data).toEqual({
      grant_id: grant.grantId,
      client_name: "Proxy Test App",
      providers: ["openai"],
      expired_at: expect.stringMatching(/Z$/),
    });
    expect(await Promise.all([1, 2, 3].map(() => notifyExpiredGrants(h.grants.db)))).toEqual([0, 0, 0]);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(events("grant.expired").filter((e) => e.data.grant_id === grant.grantId)).toHaveLength(1);
    const audit = await h.grants.db.auditEvent.findMany({ where: { action: "grant.expired", targetId: grant.grantId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "system", userId: grant.userId });
  });

  describe("GET /okap/grant", () => {
    let grant: TestGrant;

    beforeAll(async () => {
      grant = await h.grants.create([
        { provider: "openai", models: ["gpt-4o-mini"], monthlyUsd: "5", dailyUsd: "1", rpm: 30 },
        { provider: "anthropic", monthlyUsd: "2" },
      ]);
      await h.openai(grant.token).chat.completions.create({ model: "gpt-4o-mini", messages: HI });
      await settledUsage(h, grant.grantId);
    });

    const ask = (headers: Record<string, string>, query = "") =>
      fetch(`${h.vault.url}/okap/grant${query}`, { headers }).then(async (r) => ({ status: r.status, body: await r.json() }));

    it("tells the app its providers, models, limits, remaining budget, resets and expiry, whichever SDK header carries the token", async () => {
      const bearer = await ask({ authorization: `Bearer ${grant.token}` });
      expect(bearer.status).toBe(200);
      const now = new Date();
      const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().replace(".000", "");
      const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString().replace(".000", "");
      expect(bearer.body).toMatchObject({
        okap: "1.0",
        grant_id: grant.grantId,
        status: "active",
        client_name: "Proxy Test App",
        expires_at: expect.stringMatching(/Z$/),
        // entries in provider order
        authorization_details: [
          {
            provider: "anthropic",
            limits: { monthly_spend: 2 },
            budget: {
              monthly: { spent_micros: "0", remaining_micros: "2000000" },
              daily: { limit: null, limit_micros: null, remaining: null },
            },
          },
          {
            type: "ai_model_access",
            provider: "openai",
            models: ["gpt-4o-mini"],
            limits: { monthly_spend: 5, daily_spend: 1, requests_per_minute: 30 },
            base_url: expect.stringMatching(/\/v1\/openai$/),
            budget: {
              monthly: {
                window: now.toISOString().slice(0, 7),
                limit: 5,
                spent: 0.00008,
                reserved: 0,
                remaining: 4.99992,
                limit_micros: "5000000",
                spent_micros: "80",
                remaining_micros: "4999920",
                resets_at: nextMonth,
              },
              daily: {
                window: now.toISOString().slice(0, 10),
                limit: 1,
                spent_micros: "80",
                remaining_micros: "999920",
                resets_at: tomorrow,
              },
            },
          },
        ],
      });
      for (const headers of [{ "x-api-key": grant.token }, { "x-goog-api-key": grant.token }] as Record<string, string>[])
        expect(await ask(headers)).toEqual(bearer);
      expect(await ask({}, `?key=${grant.token}`)).toEqual(bearer);
      expectNoCanary(JSON.stringify(bearer.body), "the grant description");
    });

    it("answers paused grants with their status, and refuses what the proxy refuses in the OKAP error shape", async () => {
      await h.grants.db.grant.update({ where: { id: grant.grantId }, data: { status: "paused" } });
      const paused = await waitFor(
        async () => {
          const r = await ask({ authorization: `Bearer ${grant.token}` });
          return r.body.status === "paused" ? r : null;
        },
        2_000,
        "the pause",
      );
      expect(paused.status).toBe(200);
      const expired = await h.grants.create([{ provider: "openai" }], { expiresAt: new Date(Date.now() - 1_000) });
      const revoked = await h.grants.create([{ provider: "openai" }]);
      await h.grants.revoke(revoked);
      for (const [headers, status, type] of [
        [{}, 401, "invalid_token"],
        [{ authorization: "Bearer sk-proj-a-raw-provider-key-0000" }, 401, "invalid_token"],
        [{ authorization: `Bearer okap_${"A".repeat(36)}` }, 401, "invalid_token"],
        [{ authorization: `Bearer ${expired.token}` }, 401, "token_expired"],
        [{ "x-api-key": revoked.token }, 401, "token_revoked"],
      ] as const) {
        const r = await ask(headers);
        expect(r.status, JSON.stringify(headers).slice(0, 40)).toBe(status);
        expect(r.body).toMatchObject({ okap: "1.0", error: { type, message: expect.any(String), request_id: expect.any(String) } });
      }
    });
  });
});
