/**
 * No hidden cap on connections to a provider. 300 streams at once all reach the provider at once
 * (the agent's old cap of 256 queued the rest inside the vault, and their queued time counted
 * against the provider's timeout). With a cap set (VAULT_UPSTREAM_MAX_SOCKETS), a request that
 * found no free connection in time gets its own clear 504 and is not charged: it was never sent.
 */
import http, { type IncomingMessage } from "node:http";
import { afterEach, expect, it } from "vitest";
import { chatBody } from "@/test/support/chat-fixtures";
import { defaultReply } from "@/test/support/fake-upstream";
import { startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import { waitFor } from "@/test/support/wait-for";

let h: ProxyHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

function stream(url: string, token: string): Promise<{ status: number; body: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/v1/openai/chat/completions`,
      { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        const body = new Promise<string>((done) => res.on("end", () => done(Buffer.concat(chunks).toString("utf8"))));
        resolve({ status: res.statusCode ?? 0, body });
      },
    );
    req.on("error", reject);
    req.end(chatBody("Count", { stream: true, max_tokens: 50 }));
  });
}

it("300 streams at once all reach the provider at once, and all complete", async () => {
  h = await startProxyHarness("sqlite");
  const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "50" }]);
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  h.fake.reply((req) => ({ ...defaultReply(req), pauseAfterEvents: { events: 1, until: gate } }));
  const streams = Array.from({ length: 300 }, () => stream(h!.vault.url, grant.token));
  // Every one of them is at the provider while none has finished.
  await waitFor(() => h!.fake.requests.length === 300, 30_000, "all 300 requests to reach the provider");
  open();
  const done = await Promise.all(streams);
  expect(done.map((s) => s.status)).toEqual(Array(300).fill(200));
  const bodies = await Promise.all(done.map((s) => s.body));
  expect(bodies.every((b) => b.includes("[DONE]"))).toBe(true);
}, 90_000);

it("with a cap, a request that finds no free connection in time gets a clear 504 and is not charged", async () => {
  h = await startProxyHarness("sqlite", { env: { VAULT_UPSTREAM_MAX_SOCKETS: "2", VAULT_UPSTREAM_TIMEOUT_MS: "1500" } });
  const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  h.fake.reply((req) => ({ ...defaultReply(req), pauseAfterEvents: { events: 1, until: gate } }));
  const holding = [stream(h.vault.url, grant.token), stream(h.vault.url, grant.token)];
  await waitFor(() => h!.fake.requests.length === 2, 10_000, "two streams to hold both connections");
  const queued = await fetch(`${h.vault.url}/v1/openai/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${grant.token}`, "content-type": "application/json" },
    body: chatBody("third", { max_tokens: 50 }),
  });
  expect(queued.status).toBe(504);
  expect((await queued.json()).error).toMatchObject({
    code: "upstream_timeout",
    message: expect.stringMatching(/not sent and is not charged/),
  });
  expect(h.fake.requests).toHaveLength(2); // it never reached the provider
  open();
  expect((await Promise.all(holding)).map((s) => s.status)).toEqual([200, 200]); // their wait for the provider was theirs alone
  const usage = await waitFor(async () => {
    const events = await h!.grants.usage(grant.grantId);
    return events.length === 3 && events.every((e) => e.outcome !== "pending") ? events : null;
  }, 10_000);
  const notCharged = usage.filter((e) => e.costMicros === 0n && !e.estimated);
  expect(notCharged).toHaveLength(1);
});
