/**
 * The owner's other ways to decide, on SQLite and PostgreSQL: the admin CLI (requests list / approve /
 * deny, grants list / revoke), the defaults for new grants, and auto-approve policies (every
 * auto-approval audited and visible).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPkce, OkapClient } from "@/packages/okap-client/src";
import { describeEachDatabase } from "@/test/support/databases";
import { grantedA } from "@/test/support/okap-schemas";
import { startOkapVault, type OkapVault } from "@/test/support/okap-vault";

const APP = { app_name: "CLI App", app_url: "https://cli.example.com" };

describeEachDatabase("OKAP CLI, defaults and policies on $kind", (kind) => {
  let v: OkapVault;
  let client: OkapClient;
  const json = (args: string[]) => {
    const r = v.cli([...args, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(async () => {
    v = await startOkapVault(kind);
    client = new OkapClient({ vaultUrl: v.vault.url });
  });
  afterAll(async () => {
    expect(await v.leaks([])).toEqual([]); // no okap_ token in logs, database or audit
    await v.stop();
  });

  it("lists, approves (tightened) and denies requests from the CLI; lists and revokes grants", async () => {
    const waiting = client.requestAccess({ provider: "openai", models: ["gpt-4o", "gpt-4o-mini"], limits: { monthly_spend: 10 }, ...APP });
    const id = await v.waitForPending();
    const listed = json(["requests", "list", "--status", "pending"]);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id, status: "pending", dialect: "a", client_name: "CLI App" });
    expect(listed[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    expect(json(["requests", "approve", id, "--monthly-spend", "3", "--models", "gpt-4o", "--expires", "2029-12-31"])).toMatchObject({
      id,
      status: "approved",
    });
    const token = grantedA.parse({ okap: "1.0", approved: true, token: await waiting }).token;
    expect(token).toMatchObject({ models: ["gpt-4o"], limits: { monthly_spend: 3 }, expires_at: "2029-12-31T00:00:00Z" });
    const request = await v.db.accessRequest.findUniqueOrThrow({ where: { id }, include: { grant: true } });
    expect(request.decidedBy).toBe("cli");
    expect(request.grant!.source).toBe("cli");

    const denied = client.requestAccess({ provider: "openai", ...APP }).catch((e) => e);
    const deniedId = await v.waitForPending();
    expect(json(["requests", "deny", deniedId, "--reason", "from the terminal"])).toEqual({ id: deniedId, status: "denied" });
    expect((await denied).message).toBe("Access denied by user: from the terminal");

    const grants = json(["grants", "list"]);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      id: request.grantId,
      status: "active",
      client_name: "CLI App",
      providers: ["openai"],
      expires_at: "2029-12-31T00:00:00Z",
    });
    expect(grants[0].tokens[0].last4).toBe(token.token.slice(-4));
    expect(JSON.stringify(grants)).not.toContain(token.token);
    expect(JSON.stringify(grants)).not.toContain(v.tokenHash(token.token));

    expect(json(["grants", "revoke", request.grantId!])).toEqual({ id: request.grantId, status: "revoked" });
    expect(json(["grants", "revoke", request.grantId!])).toEqual({ id: request.grantId, status: "revoked" }); // idempotent
    expect(await v.db.auditEvent.count({ where: { targetId: request.grantId!, action: "grant.revoked" } })).toBe(1);
    expect((await v.db.token.findFirstOrThrow({ where: { grantId: request.grantId! } })).revokedAt).not.toBeNull();

    const again = v.cli(["requests", "approve", id]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe("error: This request was already approved.\n");
    const unknown = v.cli(["grants", "revoke", "grt_doesnotexist"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe("error: No such grant.\n");
    expect(v.cli(["requests", "list", "--status", "weird"]).stderr).toMatch(/status must be one of pending/);
  });

  it("approves only some providers of a multi-provider request with --providers", async () => {
    const granted = client.authorize({
      authorization_details: [
        { type: "ai_model_access", provider: "openai" },
        { type: "ai_model_access", provider: "anthropic" },
      ],
      client: { name: "CLI Two Providers" },
    });
    const id = await v.waitForPending();
    const wrong = v.cli(["requests", "approve", id, "--providers", "groq"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe("error: --providers: groq was not requested (requested: openai, anthropic)\n");
    expect(json(["requests", "approve", id, "--providers", "anthropic", "--monthly-spend", "2"])).toMatchObject({ id, status: "approved" });
    const body = await granted;
    expect(body.authorization_details.map((d) => [d.provider, d.limits.monthly_spend])).toEqual([["anthropic", 2]]);
  });

  it("applies the owner's defaults for new grants to whatever a request leaves open", async () => {
    for (const bad of [
      { monthly_spend: 0, daily_spend: null, requests_per_minute: null, expires_in_days: 7 },
      { monthly_spend: 5, daily_spend: null, requests_per_minute: null, expires_in_days: 0 },
      { monthly_spend: 5 },
    ]) {
      expect((await v.owner.request("PUT", "/api/ui/grant-defaults", { json: bad })).status).toBe(400);
    }
    const saved = await v.owner.request("PUT", "/api/ui/grant-defaults", {
      json: { monthly_spend: "25", daily_spend: 2, requests_per_minute: 30, expires_in_days: 7 },
    });
    expect(saved.json()).toEqual({ monthly_spend: 25, daily_spend: 2, requests_per_minute: 30, expires_in_days: 7 });
    expect((await v.owner.visit("/settings")).text).toContain("Defaults for new grants");

    const waiting = client.requestAccess({ provider: "anthropic", ...APP });
    const id = await v.waitForPending();
    expect((await v.owner.request("POST", `/api/ui/requests/${id}/approve`, { json: {} })).status).toBe(200);
    const token = await waiting;
    expect(token.limits).toEqual({ monthly_spend: 25, daily_spend: 2, requests_per_minute: 30 });
    const days = (Date.parse(token.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
  });

  it("auto-approves requests inside a policy (audited, visible), leaves the rest to the owner, never auto-approves a browser redirect", async () => {
    const bad = await v.owner.request("POST", "/api/ui/policies", {
      json: { name: "x", client_origin: "javascript:alert(1)", provider: "openai", models: [], max_monthly_spend: 5, max_expiry_days: 30 },
    });
    expect(bad.status).toBe(400);
    const created = await v.owner.request("POST", "/api/ui/policies", {
      json: {
        name: "Local agent",
        client_origin: "https://agent.example.com",
        provider: "openai",
        models: ["gpt-4o-mini"],
        max_monthly_spend: 5,
        max_expiry_days: 14,
      },
    });
    expect(created.status).toBe(201);
    const policy = created.json();

    // inside the rule: approved at once, cap = min(default 25, max 5), expiry = min(default 7, 14) days
    const auto = await client.requestAccess({
      provider: "openai",
      models: ["gpt-4o-mini"],
      app_name: "Agent",
      app_url: "https://agent.example.com/app",
    });
    expect(auto.limits.monthly_spend).toBe(5);
    const row = await v.db.accessRequest.findFirstOrThrow({ where: { clientName: "Agent" }, include: { grant: true } });
    expect(row.decidedBy).toBe(`policy:${policy.id}`);
    expect(row.grant!.source).toBe("policy");
    const audit = await v.db.auditEvent.findFirstOrThrow({ where: { targetId: row.id, action: "request.auto_approved" } });
    expect(audit).toMatchObject({ actorType: "policy", actorId: policy.id });
    const inbox = (await v.owner.request("GET", "/api/ui/requests")).json().data;
    expect(inbox.find((r: { id: string }) => r.id === row.id)).toMatchObject({ status: "approved", decided_by: `policy:${policy.id}` });

    // outside the rule (cap above the maximum, other model, other origin): waits for the owner
    for (const body of [
      { provider: "openai", models: ["gpt-4o-mini"], limits: { monthly_spend: 50 }, app_url: "https://agent.example.com" },
      { provider: "openai", models: ["gpt-4o"], app_url: "https://agent.example.com" },
      { provider: "openai", models: ["gpt-4o-mini"], app_url: "https://evil.example.com" },
    ]) {
      const pending = await client.requestAsync("a", { ...body, app_name: "Outside" });
      expect((await v.db.accessRequest.findUniqueOrThrow({ where: { id: pending.request_id } })).status).toBe("pending");
    }
    const pkce = await createPkce();
    const redirect = await fetch(
      client.authorizeUrl(
        {
          authorization_details: [{ type: "ai_model_access", provider: "openai", models: ["gpt-4o-mini"] }],
          client: { name: "Agent web", url: "https://agent.example.com", callback: "https://agent.example.com/cb" },
        },
        { codeChallenge: pkce.challenge },
      ),
      { redirect: "manual" },
    );
    const redirectId = redirect.headers.get("location")!.split("/").pop()!;
    expect((await v.db.accessRequest.findUniqueOrThrow({ where: { id: redirectId } })).status).toBe("pending");

    // paused: matching requests wait for the owner; resumed: approved without a click again
    for (const body of [{ enabled: "no" }, { enabled: false, name: "renamed" }, {}])
      expect((await v.owner.request("PATCH", `/api/ui/policies/${policy.id}`, { json: body })).status).toBe(400);
    expect((await v.owner.request("PATCH", "/api/ui/policies/pol_doesnotexist", { json: { enabled: false } })).status).toBe(404);
    const paused = await v.owner.request("PATCH", `/api/ui/policies/${policy.id}`, { json: { enabled: false } });
    expect(paused.status).toBe(200);
    expect(paused.json()).toMatchObject({ id: policy.id, enabled: false });
    const held = await client.requestAsync("a", {
      provider: "openai",
      models: ["gpt-4o-mini"],
      app_name: "While paused",
      app_url: "https://agent.example.com",
    });
    expect((await v.db.accessRequest.findUniqueOrThrow({ where: { id: held.request_id } })).status).toBe("pending");
    expect((await v.owner.request("PATCH", `/api/ui/policies/${policy.id}`, { json: { enabled: true } })).json()).toMatchObject({
      enabled: true,
    });
    const resumed = await client.requestAccess({
      provider: "openai",
      models: ["gpt-4o-mini"],
      app_name: "Resumed",
      app_url: "https://agent.example.com",
    });
    expect(resumed.limits.monthly_spend).toBe(5);
    const toggles = (await v.db.auditEvent.findMany({ where: { targetId: policy.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(toggles).toEqual(["auto_approve_policy.created", "auto_approve_policy.paused", "auto_approve_policy.resumed"]);

    expect((await v.owner.request("DELETE", `/api/ui/policies/${policy.id}`)).status).toBe(204);
    const after = await client.requestAsync("b", {
      authorization_details: [{ type: "ai_model_access", provider: "openai", models: ["gpt-4o-mini"] }],
      client: { name: "After", url: "https://agent.example.com" },
    });
    expect((await v.db.accessRequest.findUniqueOrThrow({ where: { id: after.request_id } })).status).toBe("pending");
  });
});
