/**
 * Faults on SQLite and PostgreSQL: the client leaves before the usage chunk or
 * before the first byte, the provider resets or stalls mid-stream, the token is revoked during a
 * stream, the database goes away. Every case ends with the hold settled exactly once, an estimate
 * (never 0, never above the hold) where usage never arrived, and nothing held.
 */
import { once } from "node:events";
import http, { type IncomingMessage } from "node:http";
import net from "node:net";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/support/databases";
import type { TestGrant } from "@/test/support/grants";
import { expectNoCanary, lastUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import { TcpProxy } from "@/test/support/tcp-proxy";
import { waitFor } from "@/test/support/wait-for";

const STREAM_BODY = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Count slowly" }], stream: true });

/** 40 content events then the usage chunk, for streams that must stay open a while. */
function longStream(): string {
  const chunk = (content: string) =>
    `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}],"usage":null}\n\n`;
  let out = "";
  for (let i = 0; i < 40; i++) out += chunk(`word${String(i).padStart(2, "0")} `); // 7 characters each
  return (
    out +
    `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":80,"total_tokens":89}}\n\ndata: [DONE]\n\n`
  );
}

/** Characters of content per event of bulkyStream, and enough events to fill every buffer between provider and client. */
const BULKY_EVENT_CHARS = 16_384;
const BULKY_EVENTS = 1_600;

/** A stream far larger than the sockets' buffers (~26 MB): a client that stops reading stops the provider too. */
function bulkyStream(events: number): string {
  const content = "z".repeat(BULKY_EVENT_CHARS);
  const event = `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}],"usage":null}\n\n`;
  return (
    event.repeat(events) +
    `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":${events},"total_tokens":${9 + events}}}\n\ndata: [DONE]\n\n`
  );
}

/** A POST over node:http, whose response the caller can pause (fetch reads ahead). */
function rawPost(url: string, headers: Record<string, string>, body: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers }, resolve);
    req.on("error", reject);
    req.end(body);
  });
}

async function readAll(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describeEachDatabase("proxy faults on $kind", (kind) => {
  let h: ProxyHarness;
  let grant: TestGrant;
  let relay: TcpProxy | null = null;
  let headers: Record<string, string>;

  beforeAll(async () => {
    if (kind === "postgres") {
      relay = new TcpProxy({ host: "127.0.0.1", port: 5432 });
      await relay.up();
    }
    h = await startProxyHarness(kind, {
      env: { VAULT_UPSTREAM_IDLE_TIMEOUT_MS: "800" },
      vaultDatabaseUrl: relay ? (u) => relay!.urlFor(u) : undefined,
    });
    grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
    headers = { authorization: `Bearer ${grant.token}`, "content-type": "application/json" };
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    await relay?.down();
    expectNoCanary(h.vault.output(), "vault logs");
  });

  async function settledUsage() {
    const usage = await waitFor(
      async () => {
        const u = await lastUsage(h, grant.grantId);
        return u && u.outcome !== "pending" ? u : null;
      },
      5_000,
      "the request to settle",
    );
    const holds = await h.grants.holds(grant.scopeIds[0]!);
    expect(holds.find((x) => x.id === usage.id)).toMatchObject({ state: "settled", settledMicros: usage.costMicros });
    return { usage, hold: holds.find((x) => x.id === usage.id)! };
  }

  async function expectNothingHeld() {
    for (const w of await h.grants.windows(grant.scopeIds[0]!)) expect(w.heldMicros).toBe(0n);
  }

  it("a client that leaves before the usage chunk is charged an estimate; the upstream sees the abort", async () => {
    h.fake.reply(() => ({ sse: longStream(), eventDelayMs: 30 }));
    const controller = new AbortController();
    const response = await fetch(`${h.vault.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers,
      body: STREAM_BODY,
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("word04")) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const upstream = h.fake.requests.at(-1)!;
    await waitFor(() => upstream.abortedAt, 1_000, "the upstream to see the abort");
    const { usage, hold } = await settledUsage();
    expect(usage).toMatchObject({ outcome: "client_abort", estimated: true });
    expect(usage.outputTokens).toBeGreaterThanOrEqual(9); // at least the 5 words seen (35 characters / 4)
    expect(usage.costMicros).toBeGreaterThanOrEqual(1n);
    expect(usage.costMicros).toBeLessThanOrEqual(hold.amountMicros);
    await expectNothingHeld();
  });

  it("a client that leaves before the first byte: the upstream call is aborted and the hold settled", async () => {
    h.fake.reply(() => ({ sse: longStream(), delayMs: 3_000 }));
    const controller = new AbortController();
    const before = h.fake.requests.length;
    const pending = fetch(`${h.vault.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers,
      body: STREAM_BODY,
      signal: controller.signal,
    }).catch((e) => e);
    const upstream = await waitFor(() => h.fake.requests[before], 2_000, "the upstream call");
    controller.abort();
    await pending;
    await waitFor(() => upstream.abortedAt, 1_000, "the upstream to see the abort");
    const { usage } = await settledUsage();
    expect(usage).toMatchObject({ outcome: "client_abort", estimated: true, outputTokens: 0 });
    expect(usage.costMicros).toBeGreaterThanOrEqual(1n); // never free: the provider may have started
    await expectNothingHeld();
  });

  it("a client that leaves while still sending its body: nothing goes upstream or stays held, and it is no vault fault", async () => {
    const before = h.fake.requests.length;
    const logFrom = h.vault.output().length;
    const socket = net.connect(Number(new URL(h.vault.url).port), "127.0.0.1");
    await once(socket, "connect");
    const head = `POST /v1/openai/chat/completions HTTP/1.1\r\nhost: vault\r\nauthorization: Bearer ${grant.token}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n`;
    socket.write(`${head}{"model":"gpt-4o-mini","messages":[{"role":"user","content":"half`);
    await new Promise((r) => setTimeout(r, 300)); // the vault checks the token and waits for the rest of the body
    socket.destroy();
    await new Promise((r) => setTimeout(r, 500));
    expect(h.fake.requests).toHaveLength(before);
    await expectNothingHeld();
    const log = h.vault.output().slice(logFrom);
    expect(log).not.toMatch(/"level":"error"|uncaughtException|socket hang up/);
  });

  it("an upstream reset mid-stream ends the client's stream with an error event and settles", async () => {
    h.fake.reply(() => ({ sse: longStream(), eventDelayMs: 20, cutAfterEvents: { events: 6, how: "reset" } }));
    const response = await fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers, body: STREAM_BODY });
    const text = await response.text();
    expect(text).toContain("word05");
    expect(text.trimEnd().split("\n\n").at(-1)).toMatch(
      /^data: \{"error":\{"message":"The provider closed the connection[^"]*","type":"upstream_error"/,
    );
    const { usage } = await settledUsage();
    expect(usage).toMatchObject({ outcome: "upstream_error", estimated: true, outputTokens: 11 }); // 6 words x 7 characters / 4
    await expectNothingHeld();
  });

  it("an upstream that stalls past the idle timeout is cut with upstream_timeout and settled", async () => {
    h.fake.reply(() => ({ sse: longStream(), cutAfterEvents: { events: 3, how: "stall" } }));
    const started = Date.now();
    const response = await fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers, body: STREAM_BODY });
    const text = await response.text();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(text).toContain('"type":"upstream_timeout"');
    const { usage } = await settledUsage();
    expect(usage).toMatchObject({ outcome: "timeout", estimated: true, outputTokens: 6 });
    await expectNothingHeld();
  });

  it("a client that stops reading for longer than the idle timeout is not cut: only the provider's silence counts", async () => {
    h.fake.reply(() => ({ sse: bulkyStream(BULKY_EVENTS) }));
    const before = h.fake.requests.length;
    const response = await rawPost(`${h.vault.url}/v1/openai/chat/completions`, headers, STREAM_BODY);
    expect(response.statusCode).toBe(200);
    response.pause(); // the client stops reading: its socket fills, then the vault's, then the provider's
    const upstream = await waitFor(() => h.fake.requests[before], 2_000, "the upstream call");
    // Nothing to wait for but time: the client keeps still for four idle timeouts (800 ms each).
    await new Promise((r) => setTimeout(r, 3_200));
    const resumedAt = Date.now();
    const text = await readAll(response);
    expect(text).not.toContain("upstream_timeout");
    expect(text).toContain(`"content":"${"z".repeat(16)}`);
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(text.length).toBeGreaterThan(BULKY_EVENTS * BULKY_EVENT_CHARS);
    expect(upstream.finishedAt, "the provider was held back until the client read again").toBeGreaterThanOrEqual(resumedAt);
    const { usage } = await settledUsage();
    expect(usage).toMatchObject({ outcome: "ok", estimated: false, inputTokens: 9, outputTokens: BULKY_EVENTS });
    await expectNothingHeld();
  });

  it("revoking a token cuts its running stream and refuses new requests within a second", async () => {
    const victim = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
    h.fake.reply(() => ({ sse: longStream(), eventDelayMs: 100 }));
    const response = await fetch(`${h.vault.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${victim.token}` },
      body: STREAM_BODY,
    });
    const requestId = response.headers.get("x-okap-request-id")!;
    const reader = response.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    await h.grants.revoke(victim);
    const revokedAt = Date.now();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(Date.now() - revokedAt).toBeLessThan(1_500);
    expect(text).toContain('"type":"token_revoked"');
    expect(text).not.toContain("word39");
    await waitFor(
      async () => {
        const r = await fetch(`${h.vault.url}/v1/openai/chat/completions`, {
          method: "POST",
          headers: { ...headers, authorization: `Bearer ${victim.token}` },
          body: STREAM_BODY,
        });
        if (r.status !== 401) return void (await r.body?.cancel()); // still admitted within the second
        return (await r.json()).error.type === "token_revoked";
      },
      1_000,
      "new requests to be refused",
    );
    // The cut stream's own usage event (a request admitted while the refusal propagated has its own).
    const usage = await waitFor(async () => {
      const u = (await h.grants.usage(victim.grantId)).find((e) => e.id === requestId);
      return u && u.outcome !== "pending" ? u : null;
    });
    expect(usage).toMatchObject({ outcome: "revoked", estimated: true });
    expect(usage.costMicros).toBeGreaterThanOrEqual(1n);
  });

  it("with the database unavailable the vault answers 503 vault_unavailable and never calls the upstream", async () => {
    h.fake.reset();
    const release = kind === "sqlite" ? lockSqlite(h.databaseUrl) : await relay!.down().then(() => () => relay!.up());
    try {
      await new Promise((r) => setTimeout(r, 600)); // let cached lookups expire
      const response = await fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers, body: STREAM_BODY });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect((await response.json()).error.type).toBe("vault_unavailable");
      expect(h.fake.requests).toHaveLength(0);
    } finally {
      await release();
    }
    const again = await waitFor(
      async () => (await fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers, body: STREAM_BODY })).status === 200,
      10_000,
      "recovery",
    );
    expect(again).toBe(true);
  });
});

/** Holds SQLite's write lock from another connection, as a stuck writer would. */
function lockSqlite(databaseUrl: string): () => Promise<void> {
  const other = new Database(databaseUrl.replace(/^file:/, ""));
  other.exec("BEGIN EXCLUSIVE");
  return async () => {
    other.exec("ROLLBACK");
    other.close();
  };
}
