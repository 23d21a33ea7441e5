/**
 * OKAP over real HTTP against the real server, waiting on the connection (both dialects), on SQLite
 * and PostgreSQL: the exact response shapes of the protocol doc, what is stored (one grant, one
 * token hash, the tightened limits), one decision per request, abandoned requests, audit rows.
 */
import http from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { OkapClient, OkapDeniedError } from "@/packages/okap-client/src";
import { describeEachDatabase } from "@/test/support/databases";
import { failedA, grantedA, grantedB } from "@/test/support/okap-schemas";
import { sleep, startOkapVault, type OkapVault } from "@/test/support/okap-vault";
import { WebClient } from "@/test/support/web-client";

const APP = { app_name: "Wait Test App", app_url: "https://app.example.com" };

describeEachDatabase("OKAP waiting requests on $kind", (kind) => {
  let v: OkapVault;
  let client: OkapClient;
  const delivered: string[] = [];

  beforeAll(async () => {
    v = await startOkapVault(kind);
    client = new OkapClient({ vaultUrl: v.vault.url, readTimeoutMs: 15_000 });
  });
  afterAll(async () => {
    expect(delivered.length).toBeGreaterThan(4);
    expect(await v.leaks(delivered)).toEqual([]); // no token anywhere but in the one response that carried it
    await v.stop();
  });

  it("dialect A: 200 and JSON headers at once, the owner lowers the cap, the app gets an SDK-valid token whose grant has the lower cap", async () => {
    const started = Date.now();
    const response = await fetch(`${v.vault.url}/okap/request`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        okap: "1.0",
        provider: "openai",
        models: ["gpt-4o", "gpt-4o-mini"],
        capabilities: ["chat"],
        limits: { monthly_spend: 10, requests_per_minute: 60 },
        expires: "2030-03-01",
        reason: "AI features",
        ...APP,
      }),
    });
    expect(Date.now() - started).toBeLessThan(2000); // headers before any decision
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const id = await v.waitForPending();
    const approve = await v.owner.request("POST", `/api/ui/requests/${id}/approve`, {
      json: { entries: [{ provider: "openai", models: ["gpt-4o-mini"], limits: { monthly_spend: "5" } }] },
    });
    expect(approve.status).toBe(200);
    const text = await response.text();
    expect(text.startsWith(" ")).toBe(true); // leading whitespace, valid JSON
    const body = grantedA.parse(JSON.parse(text));
    delivered.push(body.token.token);
    expect(body.token).toMatchObject({
      base_url: `http://localhost:${v.vault.port}/v1/openai`,
      provider: "openai",
      models: ["gpt-4o-mini"],
      capabilities: ["chat"],
      limits: { monthly_spend: 5, requests_per_minute: 60 },
      expires_at: "2030-03-01T00:00:00Z",
    });

    const stored = await v.db.token.findUnique({
      where: { hash: v.tokenHash(body.token.token) },
      include: { grant: { include: { scopes: true, request: true } } },
    });
    expect(stored?.last4).toBe(body.token.token.slice(-4));
    expect(stored!.grant.scopes).toHaveLength(1);
    expect(stored!.grant.scopes[0]).toMatchObject({
      provider: "openai",
      providerKeyId: v.keys.openai,
      monthlyCapMicros: 5_000_000n,
      requestsPerMinute: 60,
      models: '["gpt-4o-mini"]',
    });
    expect(stored!.grant.request).toMatchObject({ id, status: "approved", dialect: "a", delivery: "wait" });
    expect(stored!.grant.request!.tokenIssuedAt).not.toBeNull();
    expect(stored!.grant.requestHash).toBe(stored!.grant.request!.bodyHash);
    const actions = (await v.db.auditEvent.findMany({ where: { targetId: { in: [id, stored!.id] } }, orderBy: { seq: "asc" } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(["request.created", "request.approved", "grant.token_issued"]);
  });

  it("dialect B: several providers make one grant and one token, each entry with its own limits", async () => {
    const granted = client.authorize({
      authorization_details: [
        {
          type: "ai_model_access",
          provider: "openai",
          models: ["gpt-4o"],
          capabilities: ["chat", "embeddings"],
          limits: { monthly_spend: 10, daily_spend: 1, requests_per_minute: 60, requests_per_day: 1000 },
          expires: "2030-03-01",
          reason: "chat",
        },
        { type: "ai_model_access", provider: "anthropic", models: ["claude-sonnet-4-5"] },
      ],
      client: { name: "Example App", url: "https://app.example.com", callback: "https://app.example.com/callback" },
    });
    const id = await v.waitForPending();
    const approve = await v.owner.request("POST", `/api/ui/requests/${id}/approve`, {
      json: {
        entries: [
          { provider: "openai", capabilities: ["chat"] },
          { provider: "anthropic", limits: { monthly_spend: 3 } },
        ],
      },
    });
    expect(approve.status).toBe(200);
    const body = grantedB.parse(await granted);
    delivered.push(body.token);
    expect(body.authorization_details).toEqual([
      {
        type: "ai_model_access",
        provider: "openai",
        models: ["gpt-4o"],
        capabilities: ["chat"],
        limits: { monthly_spend: 10, daily_spend: 1, requests_per_minute: 60, requests_per_day: 1000 },
        base_url: `http://localhost:${v.vault.port}/v1/openai`,
        expires: "2030-03-01T00:00:00Z",
      },
      {
        type: "ai_model_access",
        provider: "anthropic",
        models: ["claude-sonnet-4-5"],
        capabilities: ["chat"],
        limits: { monthly_spend: 3 },
        base_url: `http://localhost:${v.vault.port}/v1/anthropic`,
        expires: "2030-03-01T00:00:00Z",
      },
    ]);
    const grant = await v.db.grant.findUniqueOrThrow({ where: { id: approve.json().grant_id }, include: { scopes: true, tokens: true } });
    expect(grant.tokens).toHaveLength(1);
    expect(grant.tokens[0]!.hash).toBe(v.tokenHash(body.token));
    expect(grant.scopes.map((s) => [s.provider, s.monthlyCapMicros]).sort()).toEqual([
      ["anthropic", 3_000_000n],
      ["openai", 10_000_000n],
    ]);
    expect(grant.expiresAt.toISOString()).toBe("2030-03-01T00:00:00.000Z");
  });

  it("denies in both dialects with the protocol's exact bodies; the owner's reason reaches the app", async () => {
    const a = fetch(`${v.vault.url}/okap/request`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "openai", ...APP }),
    });
    const idA = await v.waitForPending();
    expect((await v.owner.request("POST", `/api/ui/requests/${idA}/deny`, { json: {} })).status).toBe(200);
    expect(failedA.parse(JSON.parse(await (await a).text()))).toEqual({
      okap: "1.0",
      approved: false,
      error: "Access denied by user",
      error_code: "user_denied",
    });

    const b = client.authorize({
      authorization_details: [{ type: "ai_model_access", provider: "anthropic" }],
      client: { name: "Denied App" },
    });
    const idB = await v.waitForPending();
    expect((await v.owner.request("POST", `/api/ui/requests/${idB}/deny`, { json: { reason: "not this one" } })).status).toBe(200);
    const error = await b.catch((e) => e);
    expect(error).toBeInstanceOf(OkapDeniedError);
    expect(error.message).toBe("not this one");
    const row = await v.db.accessRequest.findUniqueOrThrow({ where: { id: idB } });
    expect(row).toMatchObject({ status: "denied", decisionReason: "not this one", grantId: null });
    // a decided request cannot be decided again
    const again = await v.owner.request("POST", `/api/ui/requests/${idB}/approve`, { json: {} });
    expect(again.status).toBe(409);
    expect(again.json().error.type).toBe("request_decided");
  });

  it("marks the request abandoned when the app hangs up, and refuses to approve it afterwards", async () => {
    const req = http.request(`${v.vault.url}/okap/authorize`, { method: "POST", headers: { "content-type": "application/json" } });
    req.on("error", () => undefined);
    req.end(
      JSON.stringify({ authorization_details: [{ type: "ai_model_access", provider: "openai" }], client: { name: "Impatient App" } }),
    );
    const id = await v.waitForPending();
    req.destroy();
    const deadline = Date.now() + 5000;
    while ((await v.db.accessRequest.findUniqueOrThrow({ where: { id } })).status !== "abandoned") {
      if (Date.now() > deadline) throw new Error("the request was not marked abandoned");
      await sleep(100);
    }
    const approve = await v.owner.request("POST", `/api/ui/requests/${id}/approve`, { json: {} });
    expect(approve.status).toBe(410);
    expect(approve.json().error.type).toBe("request_abandoned");
    expect(await v.db.grant.count({ where: { request: { id } } })).toBe(0);
  });

  it("makes exactly one grant when two tabs approve the same request at the same moment", async () => {
    const pending = client.requestAccess({ provider: "openai", ...APP });
    const id = await v.waitForPending();
    const [first, second] = await Promise.all([
      v.owner.request("POST", `/api/ui/requests/${id}/approve`, {
        json: { entries: [{ provider: "openai", limits: { monthly_spend: 1 } }] },
      }),
      v.owner.request("POST", `/api/ui/requests/${id}/approve`, {
        json: { entries: [{ provider: "openai", limits: { monthly_spend: 2 } }] },
      }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.json().error.type).toBe("request_decided");
    const token = await pending;
    delivered.push(token.token);
    const grants = await v.db.grant.findMany({ where: { request: { id } }, include: { scopes: true, tokens: true } });
    expect(grants).toHaveLength(1);
    expect(grants[0]!.tokens).toHaveLength(1);
    const winner = first.status === 200 ? 1 : 2;
    expect(token.limits.monthly_spend).toBe(winner);
    expect(await v.db.auditEvent.count({ where: { targetId: id, action: "request.approved" } })).toBe(1);
  });

  it("an approval that raises a cap, adds a model and drops the expiry still yields a grant inside the request; the audit keeps both", async () => {
    const pending = client.requestAccess({ provider: "openai", models: ["gpt-4o-mini"], limits: { monthly_spend: 10 }, ...APP });
    const id = await v.waitForPending();
    const approve = await v.owner.request("POST", `/api/ui/requests/${id}/approve`, {
      json: { entries: [{ provider: "openai", models: ["gpt-4o-mini", "o1-pro"], limits: { monthly_spend: 1000 } }], expires_at: null },
    });
    expect(approve.status).toBe(200);
    const token = await pending;
    delivered.push(token.token);
    expect(token.models).toEqual(["gpt-4o-mini"]);
    expect(token.limits).toEqual({ monthly_spend: 10 });
    const days = (Date.parse(token.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9); // the vault default: 30 days
    expect(days).toBeLessThan(30.1);
    const audit = await v.db.auditEvent.findFirstOrThrow({ where: { targetId: id, action: "request.approved" } });
    const meta = JSON.parse(audit.metadata);
    expect(JSON.parse(meta.requested)[0]).toMatchObject({ models: ["gpt-4o-mini"], limits: { monthly_spend: 10 }, expires: null });
    expect(JSON.parse(meta.granted).scopes[0]).toMatchObject({ models: ["gpt-4o-mini"], monthlyCapMicros: "10000000" });
  });

  it("no models, no limits, no expiry: the page says ALL models and the grant gets the vault's default cap and expiry", async () => {
    const pending = client.requestAccess({ provider: "anthropic", models: [], ...APP });
    const id = await v.waitForPending();
    const page = await v.owner.visit(`/approve/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("All models, including future ones");
    expect(page.text).toContain("not requested: the vault default");
    expect((await v.owner.request("POST", `/api/ui/requests/${id}/approve`, { json: {} })).status).toBe(200);
    const token = await pending;
    delivered.push(token.token);
    expect(token).toMatchObject({ models: [], capabilities: ["chat"], limits: { monthly_spend: 10 } });
    const scope = await v.db.grantScope.findFirstOrThrow({ where: { grant: { request: { id } } }, include: { grant: true } });
    expect(scope.monthlyCapMicros).toBe(10_000_000n);
    expect(scope.grant.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it("lets the owner choose which of several keys of a provider the grant uses, only among their own keys of it", async () => {
    const second = await v.owner.request("POST", "/api/ui/keys", {
      json: { provider: "openai", label: "personal", key: "sk-second-key-000000000000000000zz" },
    });
    expect(second.status).toBe(201);
    const pending = client.requestAccess({ provider: "openai", ...APP });
    const id = await v.waitForPending();
    expect((await v.owner.visit(`/approve/${id}`)).text).toContain("Use this key");
    const foreign = await v.owner.request("POST", `/api/ui/requests/${id}/approve`, {
      json: { entries: [{ provider: "openai", provider_key_id: v.keys.anthropic }] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json().error.message).toBe("that is not one of your openai keys");
    const approved = await v.owner.request("POST", `/api/ui/requests/${id}/approve`, {
      json: { entries: [{ provider: "openai", provider_key_id: second.json().id }] },
    });
    expect(approved.status).toBe(200);
    delivered.push((await pending).token);
    const scope = await v.db.grantScope.findFirstOrThrow({ where: { grantId: approved.json().grant_id } });
    expect(scope.providerKeyId).toBe(second.json().id);
  });

  it("cross-site approvals are refused, a member gets 404 for the owner's request, a signed-out visitor is sent to login and back", async () => {
    const pending = client.requestAccess({ provider: "openai", ...APP }).catch((e) => e);
    const id = await v.waitForPending();
    for (const options of [{ origin: "https://evil.example" }, { origin: "null" }, { origin: null }, { csrf: false }] as const) {
      const r = await v.owner.request("POST", `/api/ui/requests/${id}/approve`, { json: {}, ...options });
      expect(r.status, JSON.stringify(options)).toBe(403);
      expect(r.json().error.type).toBe("csrf_failed");
    }
    expect((await v.owner.request("GET", `/api/ui/requests/${id}/approve`)).status).toBe(405);
    expect((await v.owner.visit(`/approve?id=${id}`)).status).toBe(404);

    const anonymous = new WebClient(v.vault.url);
    const redirect = await anonymous.visit(`/approve/${id}`);
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("location")).toBe(`/login?callbackUrl=${encodeURIComponent(`/approve/${id}`)}`);

    const created = v.cli(["user", "create", "--email", "member@example.com", "--password-stdin"], "member password long enough");
    expect(created.status, created.stderr).toBe(0);
    const member = new WebClient(v.vault.url);
    expect((await member.signIn("member@example.com", "member password long enough")).status).toBe(200);
    expect((await member.visit(`/approve/${id}`)).status).toBe(404);
    await member.visit("/requests");
    const stolen = await member.request("POST", `/api/ui/requests/${id}/approve`, { json: {} });
    expect(stolen.status).toBe(404);
    expect((await member.request("GET", "/api/ui/requests")).json().data).toEqual([]);
    expect((await v.db.accessRequest.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
    expect((await v.owner.request("POST", `/api/ui/requests/${id}/deny`, { json: {} })).status).toBe(200);
    expect(await pending).toBeInstanceOf(OkapDeniedError);
  });
});
