/**
 * The admin CLI's price and usage commands against a running vault's database (SQLite and
 * PostgreSQL): an owner price makes an unknown model usable on a capped grant within a second and
 * is what the request is charged; `usage --json` reports every field of each proxied request.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/support/databases";
import { OWNER_PASSWORD } from "@/test/support/grants";
import { expectNoCanary, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import { ROOT } from "@/test/support/vault-server";
import { waitFor } from "@/test/support/wait-for";
import { WebClient } from "@/test/support/web-client";

describeEachDatabase("prices and usage from the CLI and the UI on $kind", (kind) => {
  let h: ProxyHarness;

  function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "vault.mjs"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...h.vault.env },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  beforeAll(async () => {
    h = await startProxyHarness(kind);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
  });

  it("sets and lists owner prices, and a capped grant may then use the model at that price", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    const client = h.openai(grant.token);
    const before = await client.chat.completions
      .create({ model: "acme-llm-1", messages: [{ role: "user", content: "hi" }] })
      .catch((e) => e);
    expect(before.code).toBe("model_not_priced");

    const set = cli("price", "set", "openai", "acme-llm-1", "--input", "2.5", "--output", "10", "--cache-read", "1.25", "--json");
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      provider: "openai",
      model: "acme-llm-1",
      input_usd_per_mtok: "2.5",
      output_usd_per_mtok: "10",
      cache_read_usd_per_mtok: "1.25",
      cache_write_usd_per_mtok: null,
    });
    expect(JSON.parse(cli("price", "list", "--json").stdout)).toHaveLength(1);
    const bad = cli("price", "set", "openai", "x", "--input=-1", "--output", "1");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a non-negative dollar amount/);

    await new Promise((r) => setTimeout(r, 1_100)); // overrides apply within a second
    await client.chat.completions.create({ model: "acme-llm-1", messages: [{ role: "user", content: "hi" }] });
    const usage = JSON.parse(cli("usage", "--json", "--grant", grant.grantId).stdout);
    expect(usage).toHaveLength(1);
    // fixture: 1200 input (1024 cached), 80 output: 176 x 2.5 + 1024 x 1.25 + 80 x 10 = 2520 µ$
    expect(usage[0]).toEqual({
      id: expect.stringMatching(/^pxr_/),
      grant_id: grant.grantId,
      client_name: "Proxy Test App",
      provider: "openai",
      model: "acme-llm-1",
      endpoint: "chat/completions",
      status: 200,
      outcome: "ok",
      input_tokens: 1200,
      output_tokens: 80,
      cache_read_tokens: 1024,
      cache_write_tokens: 0,
      cache_write_1h_tokens: 0,
      reasoning_tokens: 0,
      input_audio_tokens: 0,
      output_audio_tokens: 0,
      input_image_tokens: 0,
      output_image_tokens: 0,
      cost_micros: "2520",
      estimated: false,
      latency_ms: expect.any(Number),
      ttfb_ms: expect.any(Number),
      created_at: expect.any(String),
    });
    const future = cli("usage", "--json", "--since", new Date(Date.now() + 60_000).toISOString());
    expect(JSON.parse(future.stdout)).toEqual([]);
    expect(cli("usage", "--since", "yesterday").stderr).toMatch(/since/);
    expectNoCanary(set.stdout + cli("usage").stdout, "cli output");
  });

  it("pauses and resumes a grant: the token is refused with grant_paused, then works again; both audited", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
    const ask = () =>
      h
        .openai(grant.token)
        .chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })
        .then(
          () => "ok",
          (e) => e.code as string,
        );
    expect(await ask()).toBe("ok");

    const paused = cli("grants", "pause", grant.grantId, "--json");
    expect(paused.code, paused.stderr).toBe(0);
    expect(JSON.parse(paused.stdout)).toEqual({ id: grant.grantId, status: "paused" });
    await waitFor(async () => (await ask()) === "grant_paused", 1_500, "the pause to reach the proxy");

    const resumed = cli("grants", "resume", grant.grantId);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout.trim()).toBe(`${grant.grantId} is active`);
    await waitFor(async () => (await ask()) === "ok", 1_500, "the resume to reach the proxy");

    const actions = (await h.grants.db.auditEvent.findMany({ where: { targetId: grant.grantId }, orderBy: { seq: "asc" } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(["grant.paused", "grant.resumed"]);
    const missing = cli("grants", "pause", "grt_doesnotexist00000000");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/no such grant/i);
  });

  it("sets a price from the Settings page's API (owner only, validated) and shows it", async () => {
    const owner = new WebClient(h.vault.url);
    await h.grants.create([{ provider: "openai" }]); // the factory's owner exists
    expect((await owner.signIn(h.grants.ownerEmail, OWNER_PASSWORD)).status).toBe(200);
    await owner.visit("/settings");
    const saved = await owner.request("PUT", "/api/ui/prices", {
      json: { provider: "anthropic", model: "claude-custom", input: "3", output: "15", cache_write_1h: 6 },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json()).toMatchObject({
      provider: "anthropic",
      model: "claude-custom",
      cache_write_1h_usd_per_mtok: "6",
      cache_read_usd_per_mtok: null,
    });
    const bad = await owner.request("PUT", "/api/ui/prices", { json: { provider: "nope", model: "x", input: "1", output: "1" } });
    expect(bad.status).toBe(400);
    expect(bad.json().error.message).toMatch(/unknown provider/);
    const page = await owner.visit("/settings");
    expect(page.text).toContain("claude-custom");
    expect((await owner.request("GET", "/api/ui/prices")).json().data.map((p: { model: string }) => p.model)).toContain("claude-custom");
    const anonymous = await new WebClient(h.vault.url).request("PUT", "/api/ui/prices", {
      json: { provider: "openai", model: "x", input: "1", output: "1" },
    });
    expect(anonymous.status).toBe(403); // no CSRF cookie, no session
  });

  it("connects an app by hand: grants create prints a token once that works with the OpenAI SDK within its limits", async () => {
    await h.grants.providerKey("openai"); // the owner and an OpenAI key
    const made = cli(
      "grants",
      "create",
      "--name",
      "Hand-made app",
      "--provider",
      "openai",
      "--models",
      "gpt-4o-mini",
      "--monthly-spend",
      "0.5",
      "--rpm",
      "30",
      "--user",
      h.grants.ownerEmail,
      "--json",
    );
    expect(made.code, made.stderr).toBe(0);
    const out = JSON.parse(made.stdout);
    expect(out).toMatchObject({
      grant_id: expect.stringMatching(/^grt_/),
      token: expect.stringMatching(/^okap_/),
      limits: { monthly_spend: 0.5, requests_per_minute: 30 },
    });
    expect(out.base_url).toMatch(/\/v1\/openai$/);
    const client = h.openai(out.token);
    const answer = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
    expect(answer.choices[0]!.message.content).toBeTruthy();
    const refused = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(refused.code).toBe("model_not_allowed");
    const grant = await h.grants.db.grant.findUniqueOrThrow({ where: { id: out.grant_id }, include: { scopes: true, tokens: true } });
    expect(grant).toMatchObject({ source: "manual", clientName: "Hand-made app" });
    expect(grant.scopes[0]).toMatchObject({ provider: "openai", monthlyCapMicros: 500_000n, requestsPerMinute: 30 });
    expect(grant.tokens.map((t) => t.hash)).not.toContain(out.token); // only its keyed hash is stored
    expect(await h.grants.db.auditEvent.count({ where: { action: "grant.created_manually", targetId: out.grant_id } })).toBe(1);

    // unset limits and expiry take the owner's defaults: a monthly cap and an expiry, always
    const plain = JSON.parse(
      cli("grants", "create", "--name", "Defaults", "--provider", "openai", "--user", h.grants.ownerEmail, "--json").stdout,
    );
    expect(plain.limits.monthly_spend).toBeGreaterThan(0);
    expect(Date.parse(plain.expires_at)).toBeGreaterThan(Date.now());

    for (const [args, message] of [
      [["--provider", "openai"], /name/],
      [["--name", "x", "--provider", "nope"], /unknown provider/],
      [["--name", "x", "--provider", "openai", "--monthly-spend", "abc"], /monthly_spend must be a number of dollars/],
      [["--name", "x", "--provider", "openai", "--expires", "2001-01-01"], /expires_at must be in the future/],
      [["--name", "x", "--provider", "groq"], /No groq key/],
    ] as const) {
      const bad = cli("grants", "create", ...args, "--user", h.grants.ownerEmail);
      expect(bad.code, args.join(" ")).toBe(1);
      expect(bad.stderr, args.join(" ")).toMatch(message);
      expect(bad.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    expect(await h.grants.db.grant.count({ where: { clientName: "x" } })).toBe(0);
  });
});
