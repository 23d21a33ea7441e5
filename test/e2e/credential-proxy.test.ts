/**
 * The credential proxy over real HTTP: the real vault (dist/server.mjs), a local GitHub-like API that
 * records what it receives, grants made through the OKAP machinery, both wire forms, every injection
 * style and template position, the refusals, redirects, rate limits, wildcard hosts approved on
 * demand, and the canary: the credential's value never reaches a response, the log, the call log or
 * the database, even when the upstream echoes it (raw, base64, split across chunks).
 */
import http from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { approveAccessRequest } from "@/lib/domain/access-requests/approve-access-request";
import { claimRequestToken } from "@/lib/domain/access-requests/claim-request-token";
import { createAccessRequest } from "@/lib/domain/access-requests/create-access-request";
import { denyAccessRequest } from "@/lib/domain/access-requests/deny-access-request";
import { addCredential } from "@/lib/domain/credentials/add-credential";
import { parseDialectB } from "@/lib/engines/okap/parse-dialect-b";
import { ApiUpstream, FRESH_ACCESS_TOKEN, REFRESH_TOKEN } from "@/test/support/api-upstream";
import { runVaultCli } from "@/test/support/cli";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { GrantFactory, newSecretKey } from "@/test/support/grants";
import { databaseBytes, leakedFragments } from "@/test/support/leaks";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { waitFor } from "@/test/support/wait-for";

const CANARY = "ghp_CANARY" + "cr3dProxyQ9xW2vB8nM4kL6jH3gF5dS1";
const BASIC_PASSWORD = "CANARYbasic" + "pw0rdZ8yX7wV6";
const cli = { type: "cli" as const };
const app = { type: "app" as const, ip: "127.0.0.1", userAgent: "test" };

describeEachDatabase("credential proxy on $kind", (kind) => {
  let vault: VaultProcess;
  let grants: GrantFactory;
  let api: ApiUpstream;
  let thief: ApiUpstream;
  let databaseUrl: string;
  let userId: string;
  const transcript: string[] = [];

  async function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.token) headers.set("x-proxy-authorization", `Bearer ${init.token}`);
    const res = await fetch(`${vault.url}${path}`, { ...init, headers, redirect: "manual" });
    const text = await res.clone().text();
    transcript.push(`${res.status} ${[...res.headers].join(" ")}\n${text}`);
    return res;
  }

  function rawGet(path: string, token: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.get(
        { host: "127.0.0.1", port: vault.port, path, headers: { "x-proxy-authorization": `Bearer ${token}` } },
        (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
    });
  }

  async function grant(...entries: unknown[]): Promise<{ token: string; grantId: string }> {
    const created = await createAccessRequest(grants.db, app, {
      request: parseDialectB({ okap: "1.0", authorization_details: entries, client: { name: "Issue bot" } }),
      delivery: "async",
    });
    const { grantId } = await approveAccessRequest(grants.db, cli, userId, created.id, {});
    return { token: (await claimRequestToken(grants.db, app, created.id))!.token, grantId };
  }

  beforeAll(async () => {
    thief = await ApiUpstream.start();
    api = await ApiUpstream.start({ redirectTo: () => thief.origin });
    databaseUrl = await freshDatabaseUrl(kind);
    const secret = newSecretKey();
    vault = await startVault({ databaseUrl, env: { VAULT_SECRET_KEY: secret, VAULT_UPSTREAM_TIMEOUT_MS: "1500" } });
    grants = new GrantFactory(databaseUrl, secret);
    userId = (await grants.create([{ provider: "openai" }])).userId;
    // stored through the CLI, as a user would: the value on stdin
    const added = await runVaultCli(
      ["credential", "add", "--name", "GITHUB_TOKEN", "--kind", "api_key", "--destinations", `${api.origin},api.github.com`, "--json"],
      { env: vault.env, stdin: CANARY },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).not.toContain(CANARY.slice(0, 12));
    await addCredential(grants.db, cli, userId, {
      name: "JIRA",
      kind: "basic",
      destinations: [api.origin],
      value: `me@example.com:${BASIC_PASSWORD}`,
    });
    await addCredential(grants.db, cli, userId, {
      name: "ELSEWHERE",
      kind: "api_key",
      destinations: ["api.elsewhere.example"],
      value: "elsewhere-secret-123",
    });
  }, 120_000);

  afterAll(async () => {
    await vault?.stop();
    await grants?.close();
    await api?.close();
    await thief?.close();
  });

  it("path form: a {{NAME}} template in a header reaches the API as the real value, the vault's headers do not", async () => {
    const { token } = await grant({ type: "api_access", hosts: [api.host], methods: ["GET"] });
    const res = await call(`/proxy/${api.host}/repos/acme/widgets/issues?state=open`, {
      token,
      headers: { authorization: "Bearer {{GITHUB_TOKEN}}", "x-proxy-account": "", accept: "application/json" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ number: 1, title: "Bug", state: "open" }]);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("x-ratelimit-remaining")).toBe("59");
    const got = api.last();
    expect(got.url).toBe("/repos/acme/widgets/issues?state=open");
    expect(got.headers.authorization).toBe(`Bearer ${CANARY}`);
    expect(Object.keys(got.headers).filter((h) => h.startsWith("x-proxy-") || h.startsWith("x-as-"))).toEqual([]);
  });

  it("header form: each of the six injection styles puts the value exactly there", async () => {
    const { token } = await grant({ type: "api_access", hosts: [api.host] });
    const target = { "x-as-target-url": `${api.origin}/echo?page=2` };
    await call("/proxy", { token, headers: { ...target, "x-as-inject-bearer": "GITHUB_TOKEN" } });
    expect(api.last().headers.authorization).toBe(`Bearer ${CANARY}`);
    await call("/proxy", { token, headers: { ...target, "x-as-inject-basic": "JIRA" } });
    expect(api.last().headers.authorization).toBe(`Basic ${Buffer.from(`me@example.com:${BASIC_PASSWORD}`).toString("base64")}`);
    await call("/proxy", { token, headers: { ...target, "x-as-inject-header-x-api-key": "GITHUB_TOKEN" } });
    expect(api.last().headers["x-api-key"]).toBe(CANARY);
    await call("/proxy", { token, headers: { ...target, "x-as-inject-query-api_key": "GITHUB_TOKEN" } });
    expect(api.last().url).toBe(`/echo?page=2&api_key=${encodeURIComponent(CANARY)}`);
    await call("/proxy", {
      token,
      method: "POST",
      headers: { ...target, "content-type": "application/json", "x-as-inject-body-auth.token": "GITHUB_TOKEN", "x-as-agent-id": "agent-7" },
      body: JSON.stringify({ q: "x" }),
    });
    expect(JSON.parse(api.last().body)).toEqual({ q: "x", auth: { token: CANARY } });
    await call("/proxy", {
      token,
      method: "POST",
      headers: { ...target, "content-type": "application/x-www-form-urlencoded", "x-as-inject-form-token": "GITHUB_TOKEN" },
      body: "a=1",
    });
    expect(new URLSearchParams(api.last().body).get("token")).toBe(CANARY);
    expect(new URLSearchParams(api.last().body).get("a")).toBe("1");
  });

  it("templates resolve in query values, JSON strings at any depth, form fields and text bodies", async () => {
    const { token } = await grant({ type: "api_access", hosts: [api.host] });
    await call(`/proxy/${api.host}/echo?key=%7B%7BGITHUB_TOKEN%7D%7D&plain=1`, { token });
    expect(api.last().url).toBe(`/echo?key=${encodeURIComponent(CANARY)}&plain=1`);
    await call(`/proxy/${api.host}/echo`, {
      token,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ deep: { list: ["x", "token {{GITHUB_TOKEN}}"] }, n: 1 }),
    });
    expect(JSON.parse(api.last().body)).toEqual({ deep: { list: ["x", `token ${CANARY}`] }, n: 1 });
    await call(`/proxy/${api.host}/echo`, {
      token,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "user=me&secret={{JIRA}}",
    });
    expect(new URLSearchParams(api.last().body).get("secret")).toBe(`me@example.com:${BASIC_PASSWORD}`);
    await call(`/proxy/${api.host}/echo`, { token, method: "PUT", headers: { "content-type": "text/plain" }, body: "k={{GITHUB_TOKEN}}" });
    expect(api.last().body).toBe(`k=${CANARY}`);
  });

  it("scrubs echoes of the value from headers and bodies: raw, base64, hex, percent-encoded, split across chunks", async () => {
    const { token } = await grant({ type: "api_access", hosts: [api.host] });
    const auth = { authorization: "Bearer {{GITHUB_TOKEN}}" };
    const echo = await call(`/proxy/${api.host}/echo`, { token, headers: auth });
    expect(echo.headers.get("x-vault-redacted")).toBe("true");
    expect(echo.headers.get("x-echo")).toBe("Bearer [REDACTED]");
    expect((await echo.json()).headers.authorization).toBe("Bearer [REDACTED]");
    const encoded = await call(`/proxy/${api.host}/echo-base64`, { token, headers: auth });
    expect(await encoded.json()).toEqual({ b64: "[REDACTED]", b64url: "[REDACTED]", hex: "[REDACTED]", pct: "[REDACTED]" });
    const streamed = await call(`/proxy/${api.host}/echo-stream`, { token, headers: auth });
    expect(await streamed.text()).toBe("start [REDACTED] middle [REDACTED] end");
  });

  it("a value written into the API by one call is scrubbed from a later call that uses another credential", async () => {
    const { token } = await grant({ type: "api_access", hosts: [api.host] });
    const stored = await call(`/proxy/${api.host}/notes`, {
      token,
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "mine: {{GITHUB_TOKEN}}",
    });
    expect(stored.status).toBe(201);
    expect(api.last().body).toBe(`mine: ${CANARY}`); // the API holds the real value now
    // a later call names only JIRA: GITHUB_TOKEN is bound to the same entry, so its echo is scrubbed too
    const read = await call(`/proxy/${api.host}/notes`, { token, headers: { authorization: "Basic {{JIRA}}" } });
    expect(read.status).toBe(200);
    const text = await read.text();
    expect(text).not.toContain(CANARY);
    expect(text).toContain("mine: [REDACTED]");
  });

  it("never follows a redirect: the 3xx goes back with the value redacted from Location; the other listener gets nothing", async () => {
    const { token } = await grant({ type: "api_access", hosts: [api.host] });
    const res = await call(`/proxy/${api.host}/redirect`, { token, headers: { authorization: "Bearer {{GITHUB_TOKEN}}" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${thief.origin}/steal?token=[REDACTED]`);
    expect(thief.received).toEqual([]);
  });

  it("refuses what the grant or the credential does not allow, before anything is sent", async () => {
    const { token } = await grant({
      type: "api_access",
      hosts: [api.host, "api.elsewhere.example"],
      credentials: ["GITHUB_TOKEN", "ELSEWHERE"],
      methods: ["GET"],
      limits: { requests_per_minute: 3 },
    });
    const before = api.received.length;
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: string; error_description: string; request_id: string };
      expect(body).toMatchObject({ error: code });
      expect(body.error_description.length).toBeGreaterThan(0);
      return body;
    };
    await expectError(await call(`/proxy/${api.host}/echo`, {}), 401, "invalid_token");
    await expectError(await call(`/proxy/${api.host}/echo`, { token: "okap_" + "x".repeat(36) }), 401, "invalid_token");
    await expectError(await call("/proxy/api.github.com/user", { token }), 403, "permission_denied");
    await expectError(await call(`/proxy/${api.host}/echo`, { token, method: "DELETE" }), 403, "permission_denied");
    const unknown = await expectError(
      await call(`/proxy/${api.host}/echo`, { token, headers: { authorization: "Bearer {{NOPE_TOKEN}}" } }),
      400,
      "credential_not_found",
    );
    expect(unknown).toMatchObject({ credentials: ["NOPE_TOKEN"] });
    const domain = await expectError(
      await call(`/proxy/${api.host}/echo`, { token, headers: { authorization: "Bearer {{ELSEWHERE}}" } }),
      403,
      "domain_not_allowed",
    );
    expect(domain).toMatchObject({ domain: `https://${api.host}` });
    await expectError(
      await call("/proxy", { token, headers: { "x-as-target-url": `http://user:pw@${api.host}/echo` } }),
      400,
      "invalid_request",
    );
    const raw = await rawGet(`/proxy/${api.host}/a/%2e%2e/echo`, token); // fetch would resolve the dot segment itself
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.body)).toMatchObject({ error: "invalid_request" });
    expect(api.received.length).toBe(before);
    const auth = { authorization: "Bearer {{GITHUB_TOKEN}}" };
    for (let i = 0; i < 3; i++) expect((await call(`/proxy/${api.host}/echo`, { token, headers: auth })).status).toBe(200);
    const limited = await call(`/proxy/${api.host}/echo`, { token, headers: auth });
    await expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(api.received.length).toBe(before + 3);
  });

  it("narrows to the path prefixes the owner chose; a hanging upstream answers 504", async () => {
    const created = await createAccessRequest(grants.db, app, {
      request: parseDialectB({
        okap: "1.0",
        authorization_details: [{ type: "api_access", hosts: [api.host] }],
        client: { name: "Narrow" },
      }),
      delivery: "async",
    });
    await approveAccessRequest(grants.db, cli, userId, created.id, {
      api_entries: [{ index: 0, path_prefixes: ["/repos/acme", "/hang"] }],
    });
    const { token } = (await claimRequestToken(grants.db, app, created.id))!;
    const auth = { authorization: "Bearer {{GITHUB_TOKEN}}" };
    expect((await call(`/proxy/${api.host}/repos/acme/widgets/issues`, { token, headers: auth })).status).toBe(200);
    expect((await call(`/proxy/${api.host}/repos/acmeevil/x`, { token, headers: auth })).status).toBe(403);
    expect((await call(`/proxy/${api.host}/echo`, { token, headers: auth })).status).toBe(403);
    const hang = await call(`/proxy/${api.host}/hang`, { token, headers: auth });
    expect(hang.status).toBe(504);
    expect(await hang.json()).toMatchObject({ error: "upstream_timeout" });
  });

  it("a wildcard grant asks the owner for each new host: 403 with an approval, then the same call succeeds; a refusal sticks", async () => {
    const { token, grantId } = await grant({ type: "api_access", hosts: ["*"], reason: "agent" });
    const auth = { authorization: "Bearer {{GITHUB_TOKEN}}" };
    const first = await call(`/proxy/${api.host}/repos/acme/widgets/issues`, { token, headers: auth });
    expect(first.status).toBe(403);
    const ask = (await first.json()) as Record<string, string | string[]>;
    expect(ask).toMatchObject({ error: "insufficient_scope", missing_scopes: [api.host] });
    expect(String(ask.approval_url).endsWith(`/approve/${ask.request_id}`)).toBe(true);
    expect(String(ask.poll_secret)).toMatch(/^okps_/);
    const poll = await fetch(String(ask.poll_url), { headers: { authorization: `Bearer ${ask.poll_secret}` } });
    expect(await poll.json()).toMatchObject({ status: "pending", error: "authorization_pending" });
    const again = (await (await call(`/proxy/${api.host}/repos/acme/widgets/issues`, { token, headers: auth })).json()) as Record<
      string,
      string
    >;
    expect(again.request_id).toBe(ask.request_id); // one pending request per host
    await approveAccessRequest(grants.db, cli, userId, String(ask.request_id), {});
    const granted = await waitFor(
      async () => {
        const res = await call(`/proxy/${api.host}/repos/acme/widgets/issues`, { token, headers: auth });
        return res.status === 200 ? res : null;
      },
      5_000,
      "the approved host to work",
    );
    expect(await granted.json()).toHaveLength(1);
    expect(api.last().headers.authorization).toBe(`Bearer ${CANARY}`);
    // a poll within the interval answers slow_down: wait it out once, then poll
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const decided = (await (await fetch(String(ask.poll_url), { headers: { authorization: `Bearer ${again.poll_secret}` } })).json()) as {
      status: string;
    };
    expect(decided).toMatchObject({ status: "granted", request_id: ask.request_id });
    expect(JSON.stringify(decided)).not.toMatch(/okap_/); // the app keeps its token: none is minted

    const other = (await (await call("/proxy/localhost:1/x", { token })).json()) as Record<string, string>;
    expect(other).toMatchObject({ error: "insufficient_scope" });
    await denyAccessRequest(grants.db, cli, userId, other.request_id!, {});
    const refused = await waitFor(
      async () => {
        const body = (await (await call("/proxy/localhost:1/x", { token })).json()) as Record<string, unknown>;
        return body.error === "scope_refused" ? body : null;
      },
      5_000,
      "scope_refused",
    );
    expect(refused).toMatchObject({ refused_scopes: ["localhost:1"] });
    const calls = await grants.db.apiCall.findMany({ where: { grantId } });
    expect(calls.some((c) => c.blockedReason === "insufficient_scope")).toBe(true);
    expect(calls.some((c) => c.status === 200 && c.blockedReason === null)).toBe(true);
  });

  it("OAuth2: an upstream 401 refreshes the access token at the token endpoint, stores it, and retries once", async () => {
    await addCredential(grants.db, cli, userId, {
      name: "MAIL",
      kind: "oauth2",
      destinations: [api.origin],
      value: {
        access_token: "ya29.stale-access-token",
        refresh_token: REFRESH_TOKEN,
        token_url: `${api.origin}/oauth/token`,
        client_id: "cid",
      },
    });
    const { token } = await grant({ type: "api_access", hosts: [api.host], credentials: ["MAIL"] });
    const res = await call(`/proxy/${api.host}/mail`, { token, headers: { authorization: "Bearer {{OAUTH2_ACCESS_TOKEN}}" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ messages: 3 });
    expect(api.received.filter((r) => r.url === "/oauth/token")).toHaveLength(1);
    const again = await call(`/proxy/${api.host}/mail`, { token, headers: { authorization: "Bearer {{MAIL}}" } });
    expect(again.status).toBe(200); // the refreshed token was stored: no second refresh
    expect(api.received.filter((r) => r.url === "/oauth/token")).toHaveLength(1);
    expect(await grants.db.auditEvent.count({ where: { action: "credential.refreshed" } })).toBe(1);
  });

  it("logs every call, refused ones included, with names and never a value; `calls --json` lists them", async () => {
    const rows = await grants.db.apiCall.findMany({ orderBy: { createdAt: "asc" } });
    expect(rows.length).toBeGreaterThan(10);
    const ok = rows.find((r) => r.path.startsWith("/repos/acme/widgets/issues?state="))!;
    expect(ok).toMatchObject({
      method: "GET",
      origin: api.origin,
      status: 200,
      blockedReason: null,
      path: "/repos/acme/widgets/issues?state=",
    });
    expect(JSON.parse(ok.credentials)).toEqual(["GITHUB_TOKEN"]);
    expect(rows.find((r) => r.agentId === "agent-7")).toBeTruthy();
    expect(rows.some((r) => r.redacted)).toBe(true);
    expect(rows.some((r) => r.blockedReason === "rate_limited" && r.status === 429)).toBe(true);
    const listed = await runVaultCli(["calls", "--json", "--limit", "500"], { env: vault.env });
    expect(listed.code, listed.stderr).toBe(0);
    const listedIds = (JSON.parse(listed.stdout) as { id: string }[]).map((c) => c.id);
    expect(rows.every((r) => listedIds.includes(r.id))).toBe(true); // (a row is written just after its answer)
    const credentials = await runVaultCli(["credential", "list", "--json"], { env: vault.env });
    const list = JSON.parse(credentials.stdout) as { name: string; last_used_at: string | null }[];
    expect(list.find((c) => c.name === "GITHUB_TOKEN")!.last_used_at).not.toBeNull();
    transcript.push(listed.stdout, credentials.stdout);
  });

  it("the canary: no fragment of a credential value in any response, the vault's output, the call log or the database", async () => {
    const everything = transcript.join("\n") + vault.output();
    for (const secret of [CANARY, BASIC_PASSWORD, REFRESH_TOKEN, FRESH_ACCESS_TOKEN]) {
      expect(leakedFragments(secret, everything, 8)).toEqual([]);
      expect(leakedFragments(secret, JSON.stringify(await grants.db.apiCall.findMany()), 8)).toEqual([]);
      expect(leakedFragments(secret, databaseBytes(databaseUrl), 8)).toEqual([]);
    }
  });
});
