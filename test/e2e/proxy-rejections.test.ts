/**
 * Every vault rejection on /v1/* as the OpenAI SDK sees it (docs/okap-protocol.md, "Errors on proxied calls"):
 * the status, the typed error and the OKAP error type inside the provider's envelope, and the
 * upstream never called. On SQLite and PostgreSQL.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/support/databases";
import type { TestGrant } from "@/test/support/grants";
import { expectNoCanary, lastUsage, rejection, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";

const CHAT = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "hi" }] };

describeEachDatabase("proxy rejections on $kind", (kind) => {
  let h: ProxyHarness;
  let grant: TestGrant;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
    grant = await h.grants.create([{ provider: "openai", models: ["gpt-4o-mini"], capabilities: ["chat"] }]);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
    expectNoCanary(h.transcript.join("\n"), "responses");
  });

  it("missing, raw provider key, bad checksum and unknown tokens are 401 invalid_token, upstream untouched", async () => {
    h.fake.reset();
    const base = `${h.vault.url}/v1/openai/chat/completions`;
    const none = await fetch(base, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(CHAT) });
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatchObject({ type: "invalid_token", code: "invalid_token", param: null });

    const bodies = [];
    for (const token of [
      "sk-proj-abcdefghijklmnopqrstuvwxyz",
      grant.token.slice(0, -1) + (grant.token.endsWith("A") ? "B" : "A"),
      "okap_" + "x".repeat(36),
    ]) {
      const error = await rejection(h.openai(token).chat.completions.create(CHAT));
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(error.code).toBe("invalid_token");
      bodies.push(error.message);
    }
    expect(new Set(bodies).size).toBe(1); // malformed and unknown answer the same
    expect(h.fake.requests).toHaveLength(0);
  });

  it("a token without the provider gets 403 provider_not_allowed", async () => {
    const error = await h
      .anthropic(grant.token)
      .messages.create({ model: "claude-haiku-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(error.error.error.type).toBe("provider_not_allowed");
  });

  it("capabilities and endpoints outside the grant are 403 or 404; the upstream is not called", async () => {
    h.fake.reset();
    const embeddings = await rejection(h.openai(grant.token).embeddings.create({ model: "text-embedding-3-small", input: "x" }));
    expect(embeddings).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(embeddings.code).toBe("capability_not_allowed");
    const images = await rejection(h.openai(grant.token).images.generate({ model: "gpt-image-1", prompt: "x" }));
    expect(images.code).toBe("capability_not_allowed");
    for (const path of ["files", "batches", "fine_tuning/jobs", "assistants", "vector_stores", "no/such/thing"]) {
      const response = await fetch(`${h.vault.url}/v1/openai/${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${grant.token}`, "content-type": "application/json" },
        body: "{}",
      });
      expect(response.status, path).toBe(404);
      expect((await response.json()).error.type).toBe("unknown_endpoint");
    }
    expect(h.fake.requests).toHaveLength(0);
  });

  it("refuses a model outside the grant with 403 model_not_allowed, whatever else the body says", async () => {
    h.fake.reset();
    const error = await rejection(h.openai(grant.token).chat.completions.create({ ...CHAT, model: "gpt-4o" }));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.code).toBe("model_not_allowed");
    // duplicate keys: JSON.parse keeps the last one, and the vault forwards what it checked
    const smuggled = `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"model":"gpt-4o-mini","base_url":"http://evil.example"}`;
    const ok = await fetch(`${h.vault.url}/v1/openai/chat/completions?key=x&api-version=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${grant.token}`, "content-type": "application/json" },
      body: smuggled,
    });
    expect(ok.status).toBe(200);
    const seen = h.fake.requests[0]!;
    expect(seen.json().model).toBe("gpt-4o-mini");
    expect(seen.body.toString()).not.toContain('"model":"gpt-4o"');
    expect(seen.path).toBe("/chat/completions"); // no query parameters pass
  });

  it("revoked, expired and paused tokens; a token expiring in a second still works", async () => {
    const revoked = await h.grants.create([{ provider: "openai" }]);
    await h.grants.revoke(revoked);
    expect((await rejection(h.openai(revoked.token).chat.completions.create(CHAT))).code).toBe("token_revoked");
    const expired = await h.grants.create([{ provider: "openai" }], { expiresAt: new Date(Date.now() - 1000) });
    const expiredError = await rejection(h.openai(expired.token).chat.completions.create(CHAT));
    expect(expiredError).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(expiredError.code).toBe("token_expired");
    const soon = await h.grants.create([{ provider: "openai" }], { expiresAt: new Date(Date.now() + 1500) });
    expect((await h.openai(soon.token).chat.completions.create(CHAT)).choices).toHaveLength(1);
    const paused = await h.grants.create([{ provider: "openai" }], { status: "paused" });
    expect((await rejection(h.openai(paused.token).chat.completions.create(CHAT))).code).toBe("grant_paused");
  });

  it("402 budget_exceeded with x-should-retry: false, and the SDK does not retry it", async () => {
    h.fake.reset();
    const poor = await h.grants.create([{ provider: "openai", monthlyUsd: "0.000001" }]);
    const error = await rejection(h.openai(poor.token, { maxRetries: 3 }).chat.completions.create(CHAT));
    expect(error.status).toBe(402);
    expect(error.code).toBe("budget_exceeded");
    expect(error.headers?.get("x-should-retry")).toBe("false");
    expect(h.fake.requests).toHaveLength(0);
    const daily = await h.grants.create([{ provider: "openai", monthlyUsd: "10", dailyUsd: "0.000001" }]);
    expect((await rejection(h.openai(daily.token).chat.completions.create(CHAT))).message).toMatch(/daily spend cap/);
  });

  it("429 rate_limited with retry-after once the per-minute limit is used", async () => {
    const limited = await h.grants.create([{ provider: "openai", rpm: 2 }]);
    const client = h.openai(limited.token);
    await client.chat.completions.create(CHAT);
    await client.chat.completions.create(CHAT);
    const error = await rejection(client.chat.completions.create(CHAT));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe("rate_limited");
    expect(Number(error.headers?.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("403 model_not_priced for an unknown model on a capped grant, allowed on an uncapped one", async () => {
    const capped = await h.grants.create([{ provider: "openai" }]);
    expect((await rejection(h.openai(capped.token).chat.completions.create({ ...CHAT, model: "gpt-99-unreleased" }))).code).toBe(
      "model_not_priced",
    );
    const uncapped = await h.grants.create([{ provider: "openai", monthlyUsd: null }]);
    await h.openai(uncapped.token).chat.completions.create({ ...CHAT, model: "gpt-99-unreleased" });
    expect(await lastUsage(h, uncapped.grantId)).toMatchObject({
      model: "gpt-99-unreleased",
      inputTokens: 1200,
      costMicros: 0n,
      outcome: "ok",
    });
  });

  it("413 for a body over the limit and 400 for bad JSON, before anything goes upstream", async () => {
    h.fake.reset();
    const headers = { authorization: `Bearer ${grant.token}`, "content-type": "application/json" };
    const big = await fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers, body: "x".repeat(33 * 1024 * 1024) });
    expect(big.status).toBe(413);
    const bad = await fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers, body: "{nope" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.type).toBe("invalid_json");
    // Nested 5,000 deep: valid JSON, but re-serialising it overflowed the stack (a 500).
    const deep = `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"metadata":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const bomb = await fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers, body: deep });
    expect(bomb.status).toBe(400);
    expect((await bomb.json()).error).toMatchObject({ type: "invalid_json", message: expect.stringMatching(/nests deeper/) });
    expect(h.fake.requests).toHaveLength(0);
  });
});
