/**
 * The management REST API over real HTTP: management keys (never cookies), scopes, pagination, one
 * error shape, the audit log and its spreadsheet-safe export, provider-key metadata, OpenAPI.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { runVaultCli } from "@/test/support/cli";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

async function api(vault: VaultProcess, path: string, key: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (key) headers.set("authorization", `Bearer ${key}`);
  const response = await fetch(vault.url + path, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

describeEachDatabase("management API on $kind", (kind) => {
  let vault: VaultProcess;
  let owner: WebClient;
  let readKey: string;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl(kind);
    vault = await startVault({ databaseUrl });
    owner = new WebClient(vault.url);
    await owner.setup("api@example.com", "api owner password");
    await owner.signIn("api@example.com", "api owner password");
    await owner.visit("/settings");
    const created = await owner.request("POST", "/api/ui/management-keys", { json: { name: "reader", scope: "read" } });
    expect(created.status).toBe(201);
    readKey = created.json().key;
    expect(readKey).toMatch(/^okmk_[0-9A-Za-z]{36}$/);
  });
  afterAll(async () => {
    await vault.stop();
  });

  it("refuses missing, malformed, unknown and cookie-only credentials in one error shape", async () => {
    for (const key of [null, "okmk_nope", "okmk_" + "A".repeat(36), "sk-not-a-management-key"]) {
      const response = await api(vault, "/api/v1/provider-keys", key);
      expect(response.status, String(key)).toBe(401);
      expect(response.json().error).toMatchObject({
        type: "not_signed_in",
        message: expect.any(String),
        request_id: expect.stringMatching(/^rid_/),
      });
    }
    const cookieOnly = await owner.request("GET", "/api/v1/provider-keys");
    expect(cookieOnly.status).toBe(403);
    expect(cookieOnly.json().error.message).toMatch(/does not accept browser sessions/);
  });

  it("uses the key and ignores a cookie that comes along", async () => {
    const cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await api(vault, "/api/v1/audit-log?limit=1", readKey, { headers: { cookie } });
    expect(response.status).toBe(200);
  });

  it("lists provider keys as metadata only", async () => {
    await owner.request("POST", "/api/ui/keys", {
      json: { provider: "openai", label: "api-test", key: "sk-apitest-0000000000000000ABCD" },
    });
    const response = await api(vault, "/api/v1/provider-keys", readKey);
    expect(response.status).toBe(200);
    expect(response.json().data).toEqual([expect.objectContaining({ provider: "openai", label: "api-test", last4: "ABCD" })]);
    expect(response.text).not.toMatch(/ciphertext|hash|sk-apitest/);
  });

  it("pages the audit log with totals and validates every query parameter", async () => {
    const all = (await api(vault, "/api/v1/audit-log?limit=100", readKey)).json();
    expect(all.total).toBeGreaterThanOrEqual(4); // setup, sign-in, management key, provider key
    expect(all.data.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["setup.completed", "auth.sign_in", "management_key.created", "provider_key.added"]),
    );
    const seqs = all.data.map((e: { seq: number }) => e.seq);
    expect([...seqs].sort((a: number, b: number) => b - a)).toEqual(seqs);

    const page2 = (await api(vault, "/api/v1/audit-log?limit=2&page=2", readKey)).json();
    expect(page2).toMatchObject({ page: 2, limit: 2, total: all.total });
    expect(page2.data.map((e: { seq: number }) => e.seq)).toEqual(seqs.slice(2, 4));

    const filtered = (await api(vault, "/api/v1/audit-log?action=provider_key.", readKey)).json();
    expect(filtered.data.every((e: { action: string }) => e.action.startsWith("provider_key."))).toBe(true);

    for (const [query, message] of [
      ["limit=101", /at most 100/],
      ["limit=0", /at least 1/],
      ["page=0", /starts at 1/],
      ["page=abc", /page must be a number/],
      ["since=yesterday", /ISO 8601/],
      ["bogus=1", /unknown field: bogus/],
    ] as const) {
      const response = await api(vault, `/api/v1/audit-log?${query}`, readKey);
      expect(response.status, query).toBe(400);
      expect(response.json().error.message, query).toMatch(message);
    }
  });

  it("answers an id that does not percent-decode with 400 in the API's error shape, not 500", async () => {
    for (const path of ["/api/v1/grants/%c0%af", "/api/v1/grants/%ff/revoke", "/api/v1/requests/%E0%A4%A"]) {
      const response = await api(vault, path, readKey, path.endsWith("revoke") ? { method: "POST" } : {});
      expect(response.status, path).toBe(400);
      expect(response.json().error, path).toMatchObject({
        type: "invalid_request",
        message: expect.stringMatching(/percent-encoding/),
        request_id: expect.stringMatching(/^rid_/),
      });
    }
    const unknownGrant = await api(vault, "/api/v1/grants/grt_%41%42", readKey); // decodes: an ordinary unknown id
    expect(unknownGrant.status).toBe(404);
    expect(unknownGrant.json().error.type).toBe("not_found");
  });

  it("exports the audit log as JSON and as CSV that a spreadsheet cannot run", async () => {
    const evil = '=HYPERLINK("http://evil.example","x")';
    // an attacker controls the User-Agent that the audit log records for a failed sign-in
    expect((await new WebClient(vault.url).signIn("api@example.com", "wrong password for the log", { "user-agent": evil })).status).toBe(
      401,
    );
    const csv = await api(vault, "/api/v1/audit-log/export?format=csv", readKey);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.text.split("\r\n")[0]).toBe("seq,created_at,action,actor_type,actor_id,target_type,target_id,ip,user_agent,metadata");
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv.text).not.toMatch(/(^|,)=HYPERLINK/m);
    const json = await api(vault, "/api/v1/audit-log/export?format=json", readKey);
    const events = json.json();
    expect(events.length).toBe((await api(vault, "/api/v1/audit-log", readKey)).json().total);
    expect(events.some((e: { user_agent: string | null }) => e.user_agent === evil)).toBe(true); // JSON keeps the raw value
    expect((await api(vault, "/api/v1/audit-log/export?format=xml", readKey)).status).toBe(400);
  });

  it("creates keys with the CLI, shows them once, and stops accepting a revoked key", async () => {
    const env = { VAULT_DATA_DIR: vault.dataDir, DATABASE_URL: databaseUrl };
    const created = await runVaultCli(["mgmt-key", "create", "--name", "cron", "--scope", "write", "--json"], { env });
    expect(created.code).toBe(0);
    const { id, key } = JSON.parse(created.stdout);
    expect(Object.keys(JSON.parse(created.stdout)).sort()).toEqual(["id", "key"]);
    expect((await api(vault, "/api/v1/provider-keys", key)).status).toBe(200);
    const keys = (await owner.request("GET", "/api/ui/management-keys")).json().data;
    expect(keys.find((k: { id: string }) => k.id === id)).toMatchObject({
      name: "cron",
      scope: "write",
      last4: key.slice(-4),
      last_used_at: expect.any(String),
    });
    expect(JSON.stringify(keys)).not.toContain(key);
    expect((await runVaultCli(["mgmt-key", "revoke", id], { env })).code).toBe(0);
    expect((await runVaultCli(["mgmt-key", "revoke", id], { env })).code).toBe(0); // idempotent
    expect((await api(vault, "/api/v1/provider-keys", key)).status).toBe(401);
    expect((await runVaultCli(["mgmt-key", "create", "--name", "x", "--scope", "admin"], { env })).stderr).toMatch(
      /scope must be "read" or "write"/,
    );
  });

  it("throttles an address that keeps sending invalid keys", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++)
      statuses.push((await api(vault, "/api/v1/provider-keys", `okmk_${"B".repeat(30)}${String(i).padStart(6, "0")}`)).status);
    // earlier tests already spent a few of this address's 20 failures
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThan(0);
    expect(first429).toBeLessThanOrEqual(20);
    expect(statuses.slice(0, first429).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
    const limited = await api(vault, "/api/v1/provider-keys", "okmk_bad");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await api(vault, "/api/v1/provider-keys", readKey)).status).toBe(200); // a valid key still works
  });

  it("publishes an OpenAPI 3.1 document generated from the validating schemas", async () => {
    const doc = (await api(vault, "/api/openapi.json", null)).json();
    expect(doc.openapi).toBe("3.1.0");
    const list = doc.paths["/api/v1/audit-log"].get;
    expect(list["x-required-scope"]).toBe("read");
    const limit = list.parameters.find((p: { name: string }) => p.name === "limit");
    expect(limit).toMatchObject({ in: "query", required: false, schema: { maximum: 100, minimum: 1 } });
    const item = list.responses["200"].content["application/json"].schema.properties.data.items;
    expect(Object.keys(item.properties).sort()).toEqual(["action", "actor", "created_at", "ip", "metadata", "seq", "target", "user_agent"]);
    expect(
      doc.paths["/api/v1/provider-keys"].get.responses["200"].content["application/json"].schema.properties.data.items.properties,
    ).not.toHaveProperty("ciphertext");
    expect((await owner.visit("/api-docs")).text).toContain("/api/v1/audit-log/export");
  });
});
