/**
 * The official `openai` SDK pointed at the vault (baseURL = <vault>/v1/openai) against the fake
 * upstream, on SQLite and PostgreSQL: chat (streamed and not, with and without include_usage),
 * the Responses API, embeddings, the models list. Every call is metered to the exact micro-dollar,
 * the upstream sees the canary master key and nothing of the client's credentials.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/support/databases";
import { CANARY_KEY, type TestGrant } from "@/test/support/grants";
import { databaseDump, expectNoCanary, lastUsage, settledUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";

const MESSAGES = [{ role: "user" as const, content: "What is the capital of France?" }];

describeEachDatabase("OpenAI SDK through the vault on $kind", (kind) => {
  let h: ProxyHarness;
  let grant: TestGrant;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
    grant = await h.grants.create([{ provider: "openai", capabilities: ["chat", "embeddings"], monthlyUsd: "10" }]);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
  });

  it("proxies a chat completion with the master key injected and meters it exactly", async () => {
    h.fake.reset();
    const { data, response } = await h
      .openai(grant.token)
      .chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe("The capital of France is Paris.");
    expect(response.headers.get("x-okap-request-id")).toMatch(/^pxr_/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    // a capped grant and no max_tokens from the client: the vault injects a bound and says so
    expect(response.headers.get("x-okap-max-tokens")).toBe("16384");
    expect(response.headers.get("x-okap-max-tokens-reason")).toBe("injected");

    const seen = h.fake.requests[0]!;
    expect(seen.path).toBe("/chat/completions");
    expect(seen.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(seen.json()).toEqual({ model: "gpt-4o-mini", messages: MESSAGES, max_completion_tokens: 16384 });
    expect(JSON.stringify(seen.headers)).not.toContain("okap_");

    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({
      provider: "openai",
      model: "gpt-4o-mini",
      endpoint: "chat/completions",
      status: 200,
      outcome: "ok",
      inputTokens: 1200,
      outputTokens: 80,
      cacheReadTokens: 1024,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      costMicros: 152n,
      estimated: false,
    });
    const [window] = (await h.grants.windows(grant.scopeIds[0]!)).filter((w) => w.window.startsWith("m:"));
    expect(window).toMatchObject({ committedMicros: 152n, heldMicros: 0n });
  });

  it("streams a chat completion, hides the usage chunk it asked for, and meters it", async () => {
    h.fake.reset();
    const stream = await h.openai(grant.token).chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Bonjour ! Ça va bien, merci 😊");
    expect(chunks.some((c) => c.choices.length === 0)).toBe(false); // the usage-only chunk was not asked for
    expect(h.fake.requests[0]!.json().stream_options).toEqual({ include_usage: true });
    expect(await lastUsage(h, grant.grantId)).toMatchObject({
      inputTokens: 19,
      outputTokens: 10,
      costMicros: 9n,
      estimated: false,
      outcome: "ok",
    });
  });

  it("passes the usage chunk to a client that asked for it", async () => {
    const stream = await h
      .openai(grant.token)
      .chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
    let usage: unknown = null;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage).toMatchObject({ prompt_tokens: 19, completion_tokens: 10 });
    expect(await lastUsage(h, grant.grantId)).toMatchObject({ costMicros: 9n });
  });

  it("proxies the Responses API, streamed and not", async () => {
    const client = h.openai(grant.token);
    const response = await client.responses.create({ model: "gpt-4.1-mini", input: "Tell me a story" });
    expect(response.output_text).toContain("unicorn");
    expect(await lastUsage(h, grant.grantId)).toMatchObject({
      endpoint: "responses",
      inputTokens: 3000,
      cacheReadTokens: 2048,
      outputTokens: 150,
      reasoningTokens: 64,
      costMicros: 826n,
    });

    h.fake.reset();
    const stream = await client.responses.create({ model: "gpt-4.1-mini", input: "Say hi", stream: true });
    let text = "";
    let completed = false;
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed") completed = true;
    }
    expect(text).toBe("Hi there! How can I help?");
    expect(completed).toBe(true);
    expect(h.fake.requests[0]!.json()).toMatchObject({ max_output_tokens: 16384, stream: true });
    expect(await lastUsage(h, grant.grantId)).toMatchObject({ inputTokens: 37, outputTokens: 11, costMicros: 33n });
  });

  it("proxies embeddings and the models list", async () => {
    const client = h.openai(grant.token);
    const embedding = await client.embeddings.create({ model: "text-embedding-3-small", input: "hello" });
    expect(embedding.data[0]!.embedding).toHaveLength(8);
    expect(await lastUsage(h, grant.grantId)).toMatchObject({ endpoint: "embeddings", inputTokens: 8, outputTokens: 0, costMicros: 1n });

    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(["gpt-4o-mini", "gpt-4.1-mini", "text-embedding-3-small"]);
    expect(await lastUsage(h, grant.grantId)).toMatchObject({ endpoint: "models", costMicros: 0n, outcome: "ok" });
  });

  it("leaves every hold settled and the ledger equal to the sum of the usage events", async () => {
    const events = await settledUsage(h, grant.grantId);
    const holds = await h.grants.holds(grant.scopeIds[0]!);
    expect(holds.every((x) => x.state === "settled")).toBe(true);
    const total = events.reduce((sum, e) => sum + e.costMicros, 0n);
    for (const w of await h.grants.windows(grant.scopeIds[0]!)) expect(w).toMatchObject({ committedMicros: total, heldMicros: 0n });
  });

  it("never shows the canary key or a token in a response, a log line or the database", async () => {
    expectNoCanary(h.transcript.join("\n"), "responses");
    expectNoCanary(h.vault.output(), "vault logs");
    expectNoCanary(await databaseDump(h), "database");
  });
});
