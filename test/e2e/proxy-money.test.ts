/**
 * The money path end to end, on SQLite and PostgreSQL,
 * through the real SDKs and the fake upstream: what a request that costs more than its hold
 * commits, which request features a capped grant refuses, how output bounds reach the provider,
 * and what a cut request is charged. Exact micro-dollars wherever the price is known.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { completion } from "@/test/support/chat-fixtures";
import { describeEachDatabase } from "@/test/support/databases";
import { expectNoCanary, lastUsage, rejection, settledUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import { waitFor } from "@/test/support/wait-for";

const MESSAGES = [{ role: "user" as const, content: "hi" }];

describeEachDatabase("the money path on $kind", (kind) => {
  let h: ProxyHarness;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
    expectNoCanary(h.transcript.join("\n"), "responses");
  });

  it("a request that costs more than its hold commits its real cost, and the next request gets 402", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "0.01" }]);
    h.fake.reset();
    // the provider reports far more output than the bound the vault reserved for (10 tokens)
    h.fake.reply(() => ({ json: completion(10, 100_000) }));
    const client = h.openai(grant.token);
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, max_tokens: 10 });
    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({ outputTokens: 100_000, costMicros: 60_002n, estimated: false }); // 10 x 0.15 + 100000 x 0.60 = 60001.5
    const hold = (await h.grants.holds(grant.scopeIds[0]!)).find((x) => x.id === usage.id)!;
    expect(hold.amountMicros).toBeLessThan(100n);
    expect(hold).toMatchObject({ state: "settled", settledMicros: 60_002n });
    for (const w of await h.grants.windows(grant.scopeIds[0]!)) expect(w).toMatchObject({ committedMicros: 60_002n, heldMicros: 0n });
    await waitFor(
      () => h.vault.output().includes("request cost more than its reservation; the ledger commits the real cost"),
      2_000,
      "the warning",
    );

    h.fake.reset();
    const error = await rejection(client.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, max_tokens: 10 }));
    expect(error.status).toBe(402);
    expect(error.code).toBe("budget_exceeded");
    expect(h.fake.requests).toHaveLength(0);
    // the usage events and the windows agree
    const events = await settledUsage(h, grant.grantId);
    expect(events.reduce((sum, e) => sum + e.costMicros, 0n)).toBe(60_002n);
  });

  /** gpt-4o-mini's reservation: every input token at $0.15/M, every output token at $0.60/M, rounded up. */
  const miniHold = (inputTokens: number, outputTokens: number) =>
    (BigInt(inputTokens) * 150_000n + BigInt(outputTokens) * 600_000n + 999_999n) / 1_000_000n;

  async function holdOf(scopeId: string, id: string) {
    return waitFor(async () => (await h.grants.holds(scopeId)).find((x) => x.id === id) ?? null, 5_000, "the hold");
  }

  it("DeepSeek gets the bound in its own field when the client sent only max_completion_tokens", async () => {
    const grant = await h.grants.create([{ provider: "deepseek", capabilities: ["chat"], monthlyUsd: "1" }]);
    h.fake.reset();
    const deepseek = new OpenAI({ apiKey: grant.token, baseURL: `${h.vault.url}/v1/deepseek`, maxRetries: 0 });
    await deepseek.chat.completions.create({ model: "deepseek-chat", messages: MESSAGES, max_completion_tokens: 1 });
    expect(h.fake.requests[0]!.json()).toMatchObject({ max_completion_tokens: 1, max_tokens: 1 });
  });

  it("a client's larger second bound field is lowered to the reserved bound; a malformed bound is 400", async () => {
    const grant = await h.grants.create([{ provider: "groq", capabilities: ["chat"], monthlyUsd: "1" }]);
    h.fake.reset();
    const groq = new OpenAI({ apiKey: grant.token, baseURL: `${h.vault.url}/v1/groq`, maxRetries: 0 });
    await groq.chat.completions.create({
      model: "llama-3.3-70b-versatile",
      messages: MESSAGES,
      max_completion_tokens: 1,
      max_tokens: 16_000,
    });
    expect(h.fake.requests[0]!.json()).toMatchObject({ max_completion_tokens: 1, max_tokens: 1 });
    h.fake.reset();
    for (const extra of [{ max_tokens: "5" }, { n: 1.5 }]) {
      const error = await rejection(
        groq.chat.completions.create({ model: "llama-3.3-70b-versatile", messages: MESSAGES, ...(extra as object) }),
      );
      expect(error.status).toBe(400);
      expect(error.code).toBe("invalid_request");
    }
    expect(h.fake.requests).toHaveLength(0);
  });

  it("legacy completions reserve n outputs for every prompt of an array", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["completions"], monthlyUsd: "1" }]);
    h.fake.reset();
    const { response } = await h
      .openai(grant.token)
      .completions.create({ model: "gpt-3.5-turbo-instruct", prompt: ["a", "b", "c"], n: 2, max_tokens: 100 })
      .withResponse();
    const sent = h.fake.requests[0]!;
    const hold = await holdOf(grant.scopeIds[0]!, response.headers.get("x-okap-request-id")!);
    // $1.50/M in, $2/M out: the forwarded body's bytes + 3 prompts x 2 x 100 output tokens
    expect(hold.amountMicros).toBe((BigInt(sent.body.length) * 1_500_000n + 600n * 2_000_000n + 999_999n) / 1_000_000n);
  });

  it("the input bound is the forwarded body's, sent as application/json", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "1" }]);
    h.fake.reset();
    const response = await fetch(`${h.vault.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${grant.token}`, "content-type": "text/plain" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: MESSAGES, stream: true }), // the vault adds a bound and include_usage
    });
    await response.text();
    const sent = h.fake.requests[0]!;
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(sent.json()).toMatchObject({ max_completion_tokens: 16_384, stream_options: { include_usage: true } });
    const hold = await holdOf(grant.scopeIds[0]!, response.headers.get("x-okap-request-id")!);
    expect(hold.amountMicros).toBe(miniHold(sent.body.length, 16_384));
  });

  it("a capped grant refuses server-side state and server tools before anything is reserved; an uncapped one forwards them", async () => {
    const capped = await h.grants.create([
      { provider: "openai", capabilities: ["chat"], monthlyUsd: "1" },
      { provider: "anthropic", capabilities: ["chat"], monthlyUsd: "1" },
    ]);
    const uncapped = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: null }]);
    h.fake.reset();
    const continued = await rejection(
      h.openai(capped.token).responses.create({ model: "gpt-4.1-mini", input: "and then?", previous_response_id: "resp_earlier" }),
    );
    expect(continued.status).toBe(400);
    expect(continued.code).toBe("unsupported_parameter");
    expect(continued.param).toBe("previous_response_id");
    const searched = await rejection(
      h.openai(capped.token).responses.create({ model: "gpt-4.1-mini", input: "news?", tools: [{ type: "web_search_preview" }] }),
    );
    expect(searched.code).toBe("unsupported_parameter");
    const anthropicError = await h
      .anthropic(capped.token)
      .messages.create({
        model: "claude-sonnet-4-5",
        max_tokens: 100,
        messages: [{ role: "user", content: "news?" }],
        tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 5 }],
      })
      .catch((e) => e);
    expect(anthropicError.status).toBe(400);
    expect(anthropicError.error.error.type).toBe("unsupported_parameter");
    expect(h.fake.requests).toHaveLength(0);
    expect(await h.grants.holds(capped.scopeIds[0]!)).toHaveLength(0);

    const response = await h
      .openai(uncapped.token)
      .responses.create({ model: "gpt-4.1-mini", input: "and then?", previous_response_id: "resp_earlier" });
    expect(response.output_text).toContain("unicorn");
    expect(h.fake.requests[0]!.json().previous_response_id).toBe("resp_earlier");
  });

  it("a capped grant refuses a priority service tier with 403 model_not_priced", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "1" }]);
    h.fake.reset();
    const error = await rejection(
      h.openai(grant.token).chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, service_tier: "priority" }),
    );
    expect(error.status).toBe(403);
    expect(error.code).toBe("model_not_priced");
    await h.openai(grant.token).chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, service_tier: "default" });
    expect(h.fake.requests).toHaveLength(1);
  });

  it("OpenRouter's `models` fallback list and `route` are refused, even on an uncapped grant limited to one model", async () => {
    const grant = await h.grants.create([
      { provider: "openrouter", capabilities: ["chat"], models: ["openai/gpt-4o-mini"], monthlyUsd: null },
    ]);
    h.fake.reset();
    const openrouter = new OpenAI({ apiKey: grant.token, baseURL: `${h.vault.url}/v1/openrouter`, maxRetries: 0 });
    const body = {
      model: "openai/gpt-4o-mini",
      messages: MESSAGES,
      models: ["anthropic/claude-opus-4"],
      route: "fallback",
    } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const error = await rejection(openrouter.chat.completions.create(body));
    expect(error.status).toBe(400);
    expect(error.code).toBe("unsupported_parameter");
    expect(h.fake.requests).toHaveLength(0);
    await openrouter.chat.completions.create({ model: "openai/gpt-4o-mini", messages: MESSAGES });
    expect(h.fake.requests).toHaveLength(1);
  });

  it("a non-streamed call cut before its answer, and a cut stream of a reasoning model, are charged their hold", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
    const headers = { authorization: `Bearer ${grant.token}`, "content-type": "application/json" };
    const usageOf = (id: string) =>
      waitFor(
        async () => {
          const event = (await h.grants.usage(grant.grantId)).find((e) => e.id === id);
          return event && event.outcome !== "pending" ? event : null;
        },
        5_000,
        "the request to settle",
      );

    // non-streamed: the client gives up while the provider is still generating the whole answer
    h.fake.reset();
    h.fake.reply(() => ({ json: completion(10, 10), delayMs: 3_000 }));
    const controller = new AbortController();
    const pending = fetch(`${h.vault.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "gpt-4o-mini", messages: MESSAGES }),
      signal: controller.signal,
    }).catch((e) => e);
    await waitFor(() => h.fake.requests[0], 2_000, "the upstream call");
    controller.abort();
    await pending;
    const cut = await waitFor(
      async () => (await h.grants.usage(grant.grantId)).find((e) => e.outcome !== "pending") ?? null,
      5_000,
      "the cut call to settle",
    );
    const cutHold = await holdOf(grant.scopeIds[0]!, cut.id);
    expect(cut).toMatchObject({ outcome: "client_abort", estimated: true, costMicros: cutHold.amountMicros });

    // a reasoning model's stream, cut after a few visible words
    h.fake.reset();
    const words = Array.from(
      { length: 30 },
      (_, i) =>
        `data: {"id":"c","object":"chat.completion.chunk","model":"o3-mini","choices":[{"index":0,"delta":{"content":"w${i} "},"finish_reason":null}]}\n\n`,
    ).join("");
    h.fake.reply(() => ({ sse: words, eventDelayMs: 30 }));
    const streamController = new AbortController();
    const response = await fetch(`${h.vault.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "o3-mini", messages: MESSAGES, stream: true, max_completion_tokens: 2_000 }),
      signal: streamController.signal,
    });
    const id = response.headers.get("x-okap-request-id")!;
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("w3 ")) text += new TextDecoder().decode((await reader.read()).value);
    streamController.abort();
    const reasoning = await usageOf(id);
    const hold = await holdOf(grant.scopeIds[0]!, id);
    expect(hold.amountMicros).toBeGreaterThan(8_000n); // 2,000 output tokens at $4.40/M
    expect(reasoning).toMatchObject({ outcome: "client_abort", estimated: true, costMicros: hold.amountMicros });
  });

  it("the grant's tokens_per_request reaches the provider also for a model without a price (uncapped grant)", async () => {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: null, maxTokens: 50 }]);
    h.fake.reset();
    const { response } = await h
      .openai(grant.token)
      .chat.completions.create({ model: "my-finetune-unpriced", messages: MESSAGES, max_tokens: 4_000 })
      .withResponse();
    expect(h.fake.requests[0]!.json()).toMatchObject({ max_tokens: 50 });
    expect(response.headers.get("x-okap-max-tokens")).toBe("50");
    expect(response.headers.get("x-okap-max-tokens-reason")).toBe("clamped-to-grant");
  });
});
