/** Webhooks over real HTTP: signed deliveries to a local receiver, retries with backoff, the log. */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "@/lib/domain/webhooks/sign-webhook";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

type Received = { path: string; headers: IncomingMessage["headers"]; body: string };

describe("webhooks", () => {
  let vault: VaultProcess;
  let owner: WebClient;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  const failuresLeft: Record<string, number> = { "/flaky": 1, "/down": Number.POSITIVE_INFINITY };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d));
      req.on("end", () => {
        received.push({ path: req.url!, headers: req.headers, body });
        const left = failuresLeft[req.url!] ?? 0;
        if (left > 0) {
          failuresLeft[req.url!] = left - 1;
          res.writeHead(500).end("nope");
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    vault = await startVault({ env: { VAULT_WEBHOOK_RETRY_SECONDS: "1,1" } });
    owner = new WebClient(vault.url);
    await owner.setup("hooks@example.com", "hooks owner password");
    await owner.signIn("hooks@example.com", "hooks owner password");
    await owner.visit("/settings");
  });
  afterAll(async () => {
    await vault.stop();
    receiver.close();
  });

  async function until<T>(fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await fn();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const deliveriesOf = async (id: string) =>
    (
      (await owner.request("GET", "/api/ui/webhooks")).json().data as {
        id: string;
        deliveries: { status: string; attempts: number; response_status: number | null; last_error: string | null }[];
      }[]
    ).find((w) => w.id === id)!.deliveries;

  it("refuses unsafe or malformed webhooks", async () => {
    for (const [body, message] of [
      [{ url: "http://example.com/hook", events: ["grant.created"] }, /https/],
      [{ url: "https://169.254.169.254/latest", events: ["grant.created"] }, /link-local/],
      [{ url: "https://example.com/hook", events: [] }, /at least one event/],
      [{ url: "https://example.com/hook", events: ["everything"] }, /events must be among/],
      [{ url: "https://example.com/hook", events: ["grant.created"], secret: "mine" }, /unknown field/],
    ] as const) {
      const response = await owner.request("POST", "/api/ui/webhooks", { json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json().error.message).toMatch(message);
    }
    expect((await owner.request("GET", "/api/ui/webhooks")).json().data).toEqual([]);
  });

  it("delivers a signed test event that the receiver can verify", async () => {
    const created = await owner.request("POST", "/api/ui/webhooks", {
      json: { url: `${receiverUrl}/ok`, events: ["grant.created", "spend.threshold"] },
    });
    expect(created.status).toBe(201);
    const { id, secret } = created.json();
    expect(secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    expect(JSON.stringify((await owner.request("GET", "/api/ui/webhooks")).json())).not.toContain(secret);

    expect((await owner.request("POST", `/api/ui/webhooks/${id}/test`)).status).toBe(202);
    const hit = await until(async () => received.find((r) => r.path === "/ok"));
    const signature = String(hit.headers["okap-signature"]);
    expect(verifyWebhookSignature(secret, hit.body, signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhookSignature(secret, hit.body + " ", signature, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifyWebhookSignature("whsec_wrong", hit.body, signature, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifyWebhookSignature(secret, hit.body, signature, Math.floor(Date.now() / 1000) + 3600)).toBe(false); // replayed later
    expect(JSON.parse(hit.body)).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: "webhook.test",
      data: { message: expect.any(String) },
    });
    expect(hit.headers["okap-webhook-id"]).toMatch(/^whd_/);
    const log = await until(async () => ((await deliveriesOf(id))[0]?.status === "delivered" ? await deliveriesOf(id) : undefined));
    expect(log[0]).toMatchObject({ status: "delivered", attempts: 1, response_status: 204 });
  });

  it("retries a failing receiver with backoff, then delivers", async () => {
    const { id } = (
      await owner.request("POST", "/api/ui/webhooks", { json: { url: `${receiverUrl}/flaky`, events: ["grant.created"] } })
    ).json();
    await owner.request("POST", `/api/ui/webhooks/${id}/test`);
    const log = await until(async () => ((await deliveriesOf(id))[0]?.status === "delivered" ? await deliveriesOf(id) : undefined));
    expect(log[0]).toMatchObject({ status: "delivered", attempts: 2, response_status: 204 });
    expect(received.filter((r) => r.path === "/flaky")).toHaveLength(2);
  });

  it("gives up after the last retry and says why in the delivery log", async () => {
    const { id } = (
      await owner.request("POST", "/api/ui/webhooks", { json: { url: `${receiverUrl}/down`, events: ["grant.created"] } })
    ).json();
    await owner.request("POST", `/api/ui/webhooks/${id}/test`);
    const log = await until(async () => ((await deliveriesOf(id))[0]?.status === "failed" ? await deliveriesOf(id) : undefined));
    expect(log[0]).toMatchObject({ status: "failed", attempts: 3, response_status: 500, last_error: "answered 500" });
    expect(received.filter((r) => r.path === "/down")).toHaveLength(3);
  });

  it("reports an app's access request, its grant and the revocation", async () => {
    await owner.request("POST", "/api/ui/keys", { json: { provider: "openai", label: "main", key: "sk-webhook-test-000000000000000" } });
    const { id } = (
      await owner.request("POST", "/api/ui/webhooks", {
        json: { url: `${receiverUrl}/lifecycle`, events: ["request.pending", "grant.created", "grant.revoked"] },
      })
    ).json();
    const asked = await fetch(`${vault.url}/okap/request`, {
      method: "POST",
      headers: { "content-type": "application/json", prefer: "respond-async" },
      body: JSON.stringify({ okap: "1.0", provider: "openai", app_name: "Webhook App", app_url: "https://app.example.com" }),
    });
    expect(asked.status).toBe(202);
    const requestId = (await asked.json()).request_id;
    const approved = await owner.request("POST", `/api/ui/requests/${requestId}/approve`, { json: {} });
    expect(approved.status).toBe(200);
    const grantId = approved.json().grant_id;
    expect((await owner.request("POST", `/api/ui/grants/${grantId}/revoke`)).status).toBeLessThan(300);
    const events = await until(async () => {
      const types = received
        .filter((r) => r.path === "/lifecycle")
        .map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
      return types.length >= 3 ? types : undefined;
    });
    expect(events.map((e) => e.type).sort()).toEqual(["grant.created", "grant.revoked", "request.pending"]);
    expect(events.find((e) => e.type === "request.pending")!.data).toMatchObject({
      request_id: requestId,
      client_name: "Webhook App",
      providers: ["openai"],
      approval_url: `http://localhost:${vault.port}/approve/${requestId}`,
    });
    expect(events.find((e) => e.type === "grant.created")!.data).toMatchObject({
      grant_id: grantId,
      request_id: requestId,
      providers: ["openai"],
      auto_approved: false,
    });
    expect(events.find((e) => e.type === "grant.revoked")!.data).toMatchObject({ grant_id: grantId });
    expect((await deliveriesOf(id)).every((d) => d.status === "delivered")).toBe(true);
  });

  it("can be disabled (no test then) and removed, each change audited", async () => {
    const { id } = (
      await owner.request("POST", "/api/ui/webhooks", { json: { url: `${receiverUrl}/ok2`, events: ["grant.revoked"] } })
    ).json();
    expect((await owner.request("PATCH", `/api/ui/webhooks/${id}`, { json: { enabled: false } })).status).toBe(204);
    expect((await owner.request("POST", `/api/ui/webhooks/${id}/test`)).status).toBe(409);
    expect((await owner.request("PATCH", `/api/ui/webhooks/${id}`, { json: { enabled: "no" } })).status).toBe(400);
    expect((await owner.request("DELETE", `/api/ui/webhooks/${id}`)).status).toBe(204);
    expect((await owner.request("DELETE", `/api/ui/webhooks/${id}`)).status).toBe(404);
    const audit = (await owner.visit("/audit?action=webhook.")).text;
    for (const label of ["Webhook added", "Webhook removed", "Webhook disabled"]) expect(audit).toContain(label);
  });
});
