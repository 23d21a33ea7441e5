/**
 * [ext] Asynchronous approval over real HTTP, on SQLite and PostgreSQL: the 202 answer, polling
 * (pending, slow_down, the token exactly once, 410 after), denied and expired requests,
 * and the poll secret. Requests live 6 s here (VAULT_OKAP_REQUEST_TTL_SECONDS) so expiry is fast.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { isWellFormedSecret } from "@/lib/foundation/crypto/secret-token";
import { OkapClient, OkapDeniedError } from "@/packages/okap-client/src";
import { describeEachDatabase } from "@/test/support/databases";
import { failedA, grantedA, grantedB, okapError } from "@/test/support/okap-schemas";
import { sleep, startOkapVault, type OkapVault } from "@/test/support/okap-vault";

const TTL_SECONDS = 6;
const bodyB = {
  okap: "1.0",
  authorization_details: [{ type: "ai_model_access", provider: "openai", models: ["gpt-4o-mini"] }],
  client: { name: "Async App", url: "https://async.example.com" },
};

describeEachDatabase("OKAP asynchronous approval on $kind", (kind) => {
  let v: OkapVault;
  let client: OkapClient;
  let startedAt: number;
  let forgotten: { request_id: string; poll_url: string; poll_secret: string };
  let waitingUntilExpiry: Promise<Response>;
  const poll = (url: string, secret: string | null) =>
    fetch(url, { headers: secret === null ? {} : { authorization: `Bearer ${secret}` } });
  const startAsync = async (body: unknown = bodyB, path = "/okap/authorize") => {
    const r = await fetch(`${v.vault.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", prefer: "respond-async" },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(202);
    return r;
  };

  beforeAll(async () => {
    v = await startOkapVault(kind, { env: { VAULT_OKAP_REQUEST_TTL_SECONDS: String(TTL_SECONDS) } });
    client = new OkapClient({ vaultUrl: v.vault.url });
    startedAt = Date.now();
    // Two requests nobody decides; they expire while the other tests run.
    forgotten = await (await startAsync()).json();
    waitingUntilExpiry = fetch(`${v.vault.url}/okap/request`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "openai", app_name: "Forgotten" }),
    });
  });
  afterAll(async () => {
    expect(await v.leaks([])).toEqual([]); // no okap_ token in logs, database or audit
    await v.stop();
  });

  it("answers 202 at once, then pending, slow_down when too fast, the token once, and 410 already_claimed", async () => {
    const accepted = await startAsync();
    expect(accepted.headers.get("preference-applied")).toBe("respond-async");
    const pending = await accepted.json();
    expect(Object.keys(pending).sort()).toEqual([
      "approval_url",
      "expires_at",
      "interval",
      "okap",
      "poll_secret",
      "poll_url",
      "request_id",
      "status",
    ]);
    const id = pending.request_id;
    expect(id).toMatch(/^req_[A-Za-z0-9]{20}$/);
    expect(pending).toMatchObject({
      okap: "1.0",
      status: "pending",
      interval: 2,
      approval_url: `http://localhost:${v.vault.port}/approve/${id}`,
      poll_url: `http://localhost:${v.vault.port}/okap/requests/${id}`,
    });
    expect(isWellFormedSecret("okps", pending.poll_secret)).toBe(true);
    expect(Math.abs(Date.parse(pending.expires_at) - Date.now() - TTL_SECONDS * 1000)).toBeLessThan(2000);
    const pollUrl = `${v.vault.url}/okap/requests/${id}`;

    const first = await poll(pollUrl, pending.poll_secret);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ okap: "1.0", status: "pending", error: "authorization_pending", interval: 2 });
    const fast = await poll(pollUrl, pending.poll_secret);
    expect(fast.status).toBe(429);
    expect(fast.headers.get("retry-after")).toBe("2");
    expect(await fast.json()).toMatchObject({ status: "pending", error: "slow_down", interval: 2 });

    expect((await v.owner.request("POST", `/api/ui/requests/${id}/approve`, { json: {} })).status).toBe(200);
    await sleep(2000);
    const granted = await poll(pollUrl, pending.poll_secret);
    expect(granted.status).toBe(200);
    const body = grantedB.parse(await granted.json());
    expect(body.authorization_details[0]).toMatchObject({ provider: "openai", models: ["gpt-4o-mini"], limits: { monthly_spend: 10 } });
    const stored = await v.db.token.findUniqueOrThrow({ where: { hash: v.tokenHash(body.token) } });

    for (const wait of [0, 2000]) {
      await sleep(wait);
      const again = await poll(pollUrl, pending.poll_secret);
      expect(again.status).toBe(410);
      okapError("already_claimed").parse(await again.json());
    }
    expect(await v.db.token.count({ where: { grantId: stored.grantId } })).toBe(1);
    expect(v.vault.output()).not.toContain(body.token);
  });

  it("delivers dialect A's body to a polling client (okap-client waitForApproval)", async () => {
    const pending = await client.requestAsync("a", { provider: "anthropic", app_name: "Async A", limits: { monthly_spend: 4 } });
    const granted = client.waitForApproval(pending);
    expect((await v.owner.request("POST", `/api/ui/requests/${pending.request_id}/approve`, { json: {} })).status).toBe(200);
    const body = grantedA.parse(await granted);
    expect(body.token).toMatchObject({
      provider: "anthropic",
      limits: { monthly_spend: 4 },
      base_url: `http://localhost:${v.vault.port}/v1/anthropic`,
    });
  });

  it("a denied request polls as access_denied (dialect B) and user_denied (dialect A)", async () => {
    const b = await (await startAsync()).json();
    expect((await v.owner.request("POST", `/api/ui/requests/${b.request_id}/deny`, { json: { reason: "no thanks" } })).status).toBe(200);
    await sleep(100);
    const deniedB = await poll(b.poll_url.replace(`http://localhost:${v.vault.port}`, v.vault.url), b.poll_secret);
    expect(deniedB.status).toBe(200);
    expect(await deniedB.json()).toEqual({ okap: "1.0", status: "denied", reason: "no thanks", error: "access_denied" });

    const a = await client.requestAsync("a", { provider: "openai", app_name: "Denied A" });
    expect((await v.owner.request("POST", `/api/ui/requests/${a.request_id}/deny`, { json: {} })).status).toBe(200);
    const viaClient = await client.poll({ ...a, poll_url: `${v.vault.url}/okap/requests/${a.request_id}` }).catch((e) => e);
    expect(viaClient).toBeInstanceOf(OkapDeniedError);
  });

  it("refuses a missing, malformed, wrong or foreign poll secret alike (401)", async () => {
    const one = await (await startAsync()).json();
    const two = await (await startAsync()).json();
    const url = `${v.vault.url}/okap/requests/${one.request_id}`;
    for (const secret of [null, "garbage", two.poll_secret, one.poll_secret.slice(0, -1) + (one.poll_secret.endsWith("A") ? "B" : "A")]) {
      const r = await poll(url, secret);
      expect(r.status, String(secret)).toBe(401);
      okapError("invalid_poll_secret").parse(await r.json());
    }
    const unknown = await poll(`${v.vault.url}/okap/requests/req_00000000000000000000`, one.poll_secret);
    expect(unknown.status).toBe(401);
  });

  it("after the TTL a request is expired: polls say expired_token, the waiting app gets request_expired, approval is 410", async () => {
    await sleep(Math.max(0, startedAt + TTL_SECONDS * 1000 + 700 - Date.now()));
    const polled = await poll(`${v.vault.url}/okap/requests/${forgotten.request_id}`, forgotten.poll_secret);
    expect(polled.status).toBe(200);
    expect(await polled.json()).toEqual({
      okap: "1.0",
      status: "expired",
      reason: "The request expired before the vault owner decided",
      error: "expired_token",
    });
    const approve = await v.owner.request("POST", `/api/ui/requests/${forgotten.request_id}/approve`, { json: {} });
    expect(approve.status).toBe(410);
    expect(approve.json().error.type).toBe("request_expired");
    expect(await v.db.grant.count({ where: { request: { id: forgotten.request_id } } })).toBe(0);
    expect((await v.db.accessRequest.findUniqueOrThrow({ where: { id: forgotten.request_id } })).status).toBe("expired");

    const waited = await waitingUntilExpiry;
    expect(waited.status).toBe(200);
    expect(failedA.parse(JSON.parse(await waited.text()))).toMatchObject({ approved: false, error_code: "request_expired" });
  });
});
