/**
 * The official `@anthropic-ai/sdk` pointed at the vault (baseURL = <vault>/v1/anthropic, the SDK
 * appends /v1/messages), on SQLite and PostgreSQL: messages streamed and not (prompt-cache reads and
 * 5-minute / 1-hour writes priced at their own rates, cumulative message_delta counted once), the
 * models list, and the SDK's typed errors.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/support/databases";
import { fixture } from "@/test/support/fixtures";
import { CANARY_KEY, type TestGrant } from "@/test/support/grants";
import { databaseDump, expectNoCanary, lastUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";

// claude-haiku-4-5: $1 input, $0.10 cache read, $1.25 5-minute write, $2 1-hour write, $5 output per Mtok
const PARAMS = { model: "claude-haiku-4-5", max_tokens: 1024, messages: [{ role: "user" as const, content: "Write a haiku" }] };

describeEachDatabase("Anthropic SDK through the vault on $kind", (kind) => {
  let h: ProxyHarness;
  let grant: TestGrant;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
    grant = await h.grants.create([{ provider: "anthropic", capabilities: ["chat"], monthlyUsd: "25" }]);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
  });

  it("creates a message with x-api-key injected and the client's version headers kept", async () => {
    h.fake.reset();
    const message = await h.anthropic(grant.token).messages.create(PARAMS, { headers: { "anthropic-beta": "prompt-caching-2024-07-31" } });
    expect(message.content[0]).toMatchObject({ type: "text", text: "Hello! How can I help you today?" });
    const seen = h.fake.requests[0]!;
    expect(seen.path).toBe("/v1/messages");
    expect(seen.headers["x-api-key"]).toBe(CANARY_KEY);
    expect(seen.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(seen.headers["anthropic-beta"]).toBe("prompt-caching-2024-07-31");
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.json()).toEqual(PARAMS); // the client's max_tokens fits: forwarded as sent
    expect(await lastUsage(h, grant.grantId)).toMatchObject({
      endpoint: "v1/messages",
      model: "claude-haiku-4-5",
      inputTokens: 12060,
      cacheReadTokens: 10000,
      cacheWriteTokens: 2048,
      cacheWrite1hTokens: 0,
      outputTokens: 25,
      costMicros: 3697n,
      estimated: false,
      outcome: "ok", // 12 x 1 + 10000 x 0.10 + 2048 x 1.25 + 25 x 5
    });
  });

  it("streams a message: cumulative message_delta counters are counted once", async () => {
    const stream = h.anthropic(grant.token).messages.stream(PARAMS);
    const text: string[] = [];
    stream.on("text", (t) => text.push(t));
    const final = await stream.finalMessage();
    expect(text.join("")).toBe("Okay, here is a haiku:\n\nSilent pond — a frog leaps, ripples in moonlight");
    expect(final.usage).toMatchObject({ output_tokens: 57, input_tokens: 21 });
    expect(await lastUsage(h, grant.grantId)).toMatchObject({
      inputTokens: 1045,
      cacheWriteTokens: 1024,
      outputTokens: 57,
      costMicros: 1586n,
    }); // 21 x 1 + 1024 x 1.25 + 57 x 5
  });

  it("prices 1-hour cache writes at their own rate", async () => {
    h.fake.reply(() => ({ sse: fixture("anthropic/message-stream-cache-1h.sse") }));
    const events = [];
    for await (const event of await h.anthropic(grant.token).messages.create({ ...PARAMS, stream: true })) events.push(event.type);
    expect(events.at(-1)).toBe("message_stop");
    expect(await lastUsage(h, grant.grantId)).toMatchObject({
      inputTokens: 6056,
      cacheReadTokens: 4000,
      cacheWriteTokens: 2048,
      cacheWrite1hTokens: 1536,
      outputTokens: 120,
      costMicros: 4720n, // 8 x 1 + 4000 x 0.10 + 512 x 1.25 + 1536 x 2 + 120 x 5
    });
  });

  it("settles an overloaded_error mid-stream as a failed call, estimated from what arrived", async () => {
    h.fake.reply(() => ({ sse: fixture("anthropic/message-stream-error.sse") }));
    const stream = await h.anthropic(grant.token).messages.create({ ...PARAMS, stream: true });
    await expect(async () => {
      for await (const _ of stream) void _;
    }).rejects.toThrow(/Overloaded/);
    // input 310 was reported; output estimated from 31 streamed characters: ceil(31 / 4) = 8 tokens
    expect(await lastUsage(h, grant.grantId)).toMatchObject({
      outcome: "upstream_error",
      estimated: true,
      inputTokens: 310,
      outputTokens: 8,
      costMicros: 350n,
    }); // 310 x 1 + 8 x 5
  });

  it("clamps max_tokens to what the remaining budget can pay for, and says so", async () => {
    const small = await h.grants.create([{ provider: "anthropic", capabilities: ["chat"], monthlyUsd: "0.003" }]);
    h.fake.reply(() => ({
      json: { ...JSON.parse(fixture("anthropic/message.json").toString()), usage: { input_tokens: 20, output_tokens: 100 } },
    }));
    const { data, response } = await h.anthropic(small.token).messages.create(PARAMS).withResponse();
    expect(data.usage.output_tokens).toBe(100);
    // input bound = body bytes at the dearest input rate ($2/M 1-hour write); output at $5/M
    const inputBound = Buffer.byteLength(JSON.stringify(PARAMS));
    const fit = Math.floor(((3_000 - inputBound * 2) * 1_000_000) / 5_000_000);
    expect(response.headers.get("x-okap-max-tokens-reason")).toBe("clamped-to-budget");
    expect(response.headers.get("x-okap-max-tokens")).toBe(String(fit));
    expect(h.fake.requests.at(-1)!.json().max_tokens).toBe(fit);
    expect(await lastUsage(h, small.grantId)).toMatchObject({ costMicros: 520n }); // 20 x 1 + 100 x 5
    const [month] = (await h.grants.windows(small.scopeIds[0]!)).filter((w) => w.window.startsWith("m:"));
    expect(month).toMatchObject({ committedMicros: 520n, heldMicros: 0n });
  });

  it("lists models", async () => {
    h.fake.reset();
    const page = await h.anthropic(grant.token).models.list();
    expect(page.data.map((m) => m.id)).toEqual(["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"]);
  });

  it("raises the SDK's typed errors for vault rejections, in Anthropic's envelope", async () => {
    const bad = await h
      .anthropic("okap_notavalidtokenatallnotavalidtoken0")
      .messages.create(PARAMS)
      .catch((e) => e);
    expect(bad).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(bad.error).toMatchObject({ type: "error", error: { type: "invalid_token" } });
    expect(bad.error.request_id).toMatch(/^pxr_/);

    // $0.0001 cannot even pay for the input bound: 402, and the SDK must not retry
    const poor = await h.grants.create([{ provider: "anthropic", capabilities: ["chat"], monthlyUsd: "0.0001" }]);
    const broke = await h
      .anthropic(poor.token, { maxRetries: 2 })
      .messages.create(PARAMS)
      .catch((e) => e);
    expect(broke).toBeInstanceOf(Anthropic.APIError);
    expect(broke.status).toBe(402);
    expect(broke.headers.get("x-should-retry")).toBe("false");
    expect(broke.error.error.type).toBe("budget_exceeded");

    const unpriced = await h
      .anthropic(grant.token)
      .messages.create({ ...PARAMS, model: "claude-from-the-future-9" })
      .catch((e) => e);
    expect(unpriced).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(unpriced.error.error.type).toBe("model_not_priced");
  });

  it("never shows the canary key or a token in a response, a log line or the database", async () => {
    expectNoCanary(h.transcript.join("\n"), "responses");
    expectNoCanary(await databaseDump(h), "database");
  });
});
