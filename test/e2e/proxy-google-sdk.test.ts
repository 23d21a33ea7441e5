/**
 * The official `@google/genai` SDK pointed at the vault (httpOptions.baseUrl = <vault>/v1/google, the
 * base_url of an OKAP grant for google) against a fake Google speaking Gemini's native wire format,
 * on SQLite and PostgreSQL, on a capped grant: generateContent (thoughts added to output, cached
 * tokens at the cache rate), streamGenerateContent as SSE and as Google's default JSON array, a
 * stream cut mid-way (charged, never 0), countTokens, embeddings, the models list, the key taken
 * from `x-goog-api-key` or `?key=` and never forwarded, the master key sent as `x-goog-api-key`,
 * refusals in Google's envelope; and the OpenAI-compatible path beside it, unchanged.
 */
import { ApiError } from "@google/genai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeCostMicros, maxCostMicros } from "@/lib/engines/pricing/compute-cost";
import { cataloguePrice } from "@/lib/engines/pricing/catalogue-price";
import { describeEachDatabase } from "@/test/support/databases";
import { fixture } from "@/test/support/fixtures";
import { CANARY_KEY, type TestGrant } from "@/test/support/grants";
import { databaseDump, expectNoCanary, lastUsage, settledUsage, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";

const FLASH = "gemini-2.5-flash";
const CONTENTS = "Explain Occam's razor in one sentence.";

/** The cost of a recorded usage row, computed again from its token counts and the catalogue. */
function recomputed(model: string, row: { inputTokens: number; outputTokens: number; cacheReadTokens: number; reasoningTokens: number }) {
  return computeCostMicros(cataloguePrice("google", model)!, { ...row, cacheWriteTokens: 0, cacheWrite1hTokens: 0 });
}

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describeEachDatabase("Google Gen AI SDK through the vault on $kind", (kind) => {
  let h: ProxyHarness;
  let grant: TestGrant;

  beforeAll(async () => {
    h = await startProxyHarness(kind);
    grant = await h.grants.create([
      {
        provider: "google",
        models: [FLASH, "gemini-2.0-flash", "gemini-embedding-001"],
        capabilities: ["chat", "embeddings"],
        monthlyUsd: "10",
      },
    ]);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
  });

  it("generates content with the master key as x-goog-api-key, a bound injected, thoughts billed as output", async () => {
    h.fake.reset();
    const response = await h.gemini(grant.token).models.generateContent({ model: FLASH, contents: CONTENTS });
    expect(response.text).toContain("Occam's razor");
    expect(response.usageMetadata).toMatchObject({ thoughtsTokenCount: 850, cachedContentTokenCount: 4096 });
    expect(response.sdkHttpResponse?.headers?.["x-okap-max-tokens"]).toBe("16384");

    const seen = h.fake.requests[0]!;
    expect(seen.path).toBe(`/v1beta/models/${FLASH}:generateContent`);
    expect(seen.headers["x-goog-api-key"]).toBe(CANARY_KEY);
    expect(seen.headers.authorization).toBeUndefined();
    expect(JSON.stringify(seen.headers)).not.toContain("okap_");
    expect(seen.json()).toEqual({
      contents: [{ parts: [{ text: CONTENTS }], role: "user" }],
      generationConfig: { maxOutputTokens: 16384 },
    });

    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({
      provider: "google",
      model: FLASH,
      endpoint: "v1beta/models/{model}:generateContent",
      outcome: "ok",
      inputTokens: 5210,
      cacheReadTokens: 4096,
      outputTokens: 970, // 120 candidates + 850 thoughts
      reasoningTokens: 850,
      costMicros: 2883n, // 1114 x 0.30 + 4096 x 0.03 + 970 x 2.50 = 2882.08 µ$
      estimated: false,
    });
    expect(usage.costMicros).toBe(recomputed(FLASH, usage));
  });

  it("keeps the client's bound and clamps its thinking budget to it", async () => {
    h.fake.reset();
    await h.gemini(grant.token).models.generateContent({
      model: FLASH,
      contents: CONTENTS,
      config: { maxOutputTokens: 600, thinkingConfig: { thinkingBudget: 4000, includeThoughts: true } },
    });
    expect(h.fake.requests[0]!.json().generationConfig).toEqual({
      maxOutputTokens: 600,
      thinkingConfig: { thinkingBudget: 600, includeThoughts: true },
    });
    // reserved for the answer and the thoughts, each up to the bound: 2 x 600 output tokens
    const usage = await lastUsage(h, grant.grantId);
    const hold = (await h.grants.holds(grant.scopeIds[0]!)).find((x) => x.id === usage.id)!;
    const bytes = h.fake.requests[0]!.body.length;
    expect(hold.amountMicros).toBe(maxCostMicros(cataloguePrice("google", FLASH)!, bytes, 1200));
  });

  it("streams with alt=sse: the last chunk's usage, thoughts added, cached tokens at the cache rate", async () => {
    h.fake.reset();
    const stream = await h.gemini(grant.token).models.generateContentStream({ model: FLASH, contents: "Tell me a joke" });
    const text: string[] = [];
    for await (const chunk of stream) text.push(chunk.text ?? "");
    expect(text.join("")).toContain("outstanding in his field — très bien! 🌾");
    expect(h.fake.requests[0]!.path).toBe(`/v1beta/models/${FLASH}:streamGenerateContent?alt=sse`);
    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({
      endpoint: "v1beta/models/{model}:streamGenerateContent",
      inputTokens: 2060,
      cacheReadTokens: 2048,
      outputTokens: 343,
      reasoningTokens: 316,
      costMicros: 923n, // 12 x 0.30 + 2048 x 0.03 + 343 x 2.50 = 922.54 µ$
      estimated: false,
      outcome: "ok",
    });
    expect(usage.costMicros).toBe(recomputed(FLASH, usage));
  });

  it("streams Google's default JSON array to a client that asks without alt=sse, and takes the token from ?key=", async () => {
    h.fake.reset();
    const response = await fetch(`${h.vault.url}/v1/google/v1beta/models/gemini-2.0-flash:streamGenerateContent?key=${grant.token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "Write a sentence" }] }] }),
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toBe(fixture("google/stream-generate.json").toString("utf8"));
    expect(JSON.parse(body)).toHaveLength(3);
    const seen = h.fake.requests[0]!;
    expect(seen.path).toBe("/v1beta/models/gemini-2.0-flash:streamGenerateContent"); // no ?key=
    expect(seen.headers["x-goog-api-key"]).toBe(CANARY_KEY);
    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({ model: "gemini-2.0-flash", inputTokens: 8, outputTokens: 42, costMicros: 18n, estimated: false });
    expect(usage.costMicros).toBe(recomputed("gemini-2.0-flash", usage));
  });

  it("charges a stream cut mid-way after thoughts at its reservation, never 0, and tells the SDK", async () => {
    h.fake.reset();
    h.fake.reply(() => ({
      sse: fixture("google/stream-generate-thoughts.sse"),
      eventDelayMs: 50,
      cutAfterEvents: { events: 2, how: "reset" },
    }));
    const stream = await h.gemini(grant.token).models.generateContentStream({ model: FLASH, contents: "Tell me a joke" });
    const error = await apiError(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
    );
    expect(error.status).toBe(502);
    expect(error.message).toContain("UNAVAILABLE");
    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({ outcome: "upstream_error", estimated: true, inputTokens: 2060 });
    const hold = (await h.grants.holds(grant.scopeIds[0]!)).find((x) => x.id === usage.id)!;
    // hidden thoughts cannot be estimated from the text: the reservation is charged
    expect(usage.costMicros).toBe(hold.amountMicros);
    expect(hold.amountMicros).toBeGreaterThan(maxCostMicros(cataloguePrice("google", FLASH)!, 0, 16384 * 2) - 1n);
  });

  it("counts tokens for free, meters embeddings (estimated from the input bound) and lists the models", async () => {
    h.fake.reset();
    const ai = h.gemini(grant.token);
    const counted = await ai.models.countTokens({ model: FLASH, contents: CONTENTS });
    expect(counted.totalTokens).toBe(10);
    expect(await lastUsage(h, grant.grantId)).toMatchObject({
      endpoint: "v1beta/models/{model}:countTokens",
      costMicros: 0n,
      outcome: "ok",
    });

    h.fake.reset();
    const embedded = await ai.models.embedContent({ model: "gemini-embedding-001", contents: ["What is your name?", "Favourite colour?"] });
    expect(embedded.embeddings).toHaveLength(2);
    const seen = h.fake.requests[0]!;
    expect(seen.path).toBe("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    const usage = await lastUsage(h, grant.grantId);
    expect(usage).toMatchObject({ endpoint: "v1beta/models/{model}:batchEmbedContents", outputTokens: 0, estimated: true });
    expect(usage.inputTokens).toBe(seen.body.length); // the forwarded body's bytes bound its tokens
    expect(usage.costMicros).toBe(recomputed("gemini-embedding-001", usage));
    expect(usage.costMicros).toBeGreaterThan(0n);

    const pager = await ai.models.list();
    const names = pager.page.map((m) => m.name);
    expect(names).toEqual(["models/gemini-2.5-flash", "models/gemini-embedding-001"]);
  });

  describe("refusals in Google's envelope, raised as the SDK's ApiError", () => {
    it("a model the grant does not allow: 403 PERMISSION_DENIED", async () => {
      const error = await apiError(h.gemini(grant.token).models.generateContent({ model: "gemini-2.5-pro", contents: CONTENTS }));
      expect(error.status).toBe(403);
      const body = JSON.parse(error.message);
      expect(body.error).toMatchObject({ code: 403, status: "PERMISSION_DENIED" });
      expect(body.error.details[0]).toMatchObject({ reason: "MODEL_NOT_ALLOWED", metadata: { type: "model_not_allowed" } });
    });

    it.each([
      ["Google Search grounding", { tools: [{ googleSearch: {} }] }],
      ["code execution", { tools: [{ codeExecution: {} }] }],
      ["URL context", { tools: [{ urlContext: {} }] }],
      ["a cached context", { cachedContent: "cachedContents/abc" }],
    ])("%s on a capped grant: 400 unsupported_parameter", async (_name, config) => {
      const before = h.fake.requests.length;
      const error = await apiError(h.gemini(grant.token).models.generateContent({ model: FLASH, contents: CONTENTS, config }));
      expect(error.status).toBe(400);
      expect(JSON.parse(error.message).error).toMatchObject({ status: "INVALID_ARGUMENT", details: [{ reason: "UNSUPPORTED_PARAMETER" }] });
      expect(h.fake.requests.length).toBe(before);
    });

    it("a file by URI on a capped grant", async () => {
      const error = await apiError(
        h.gemini(grant.token).models.generateContent({
          model: FLASH,
          contents: [
            {
              role: "user",
              parts: [{ fileData: { fileUri: "https://generativelanguage.googleapis.com/v1beta/files/abc", mimeType: "video/mp4" } }],
            },
          ],
        }),
      );
      expect(JSON.parse(error.message).error.details[0].metadata).toMatchObject({ type: "unsupported_parameter", field: "contents" });
    });

    it("a wrong token: 401 UNAUTHENTICATED", async () => {
      const error = await apiError(h.gemini("AIzaNotAVaultToken").models.generateContent({ model: FLASH, contents: CONTENTS }));
      expect(error.status).toBe(401);
      expect(JSON.parse(error.message).error).toMatchObject({ code: 401, status: "UNAUTHENTICATED" });
    });
  });

  it("keeps the OpenAI-compatible path working, forwarded under v1beta/openai with a bearer key", async () => {
    h.fake.reset();
    const client = h.openai(grant.token, { provider: "google" });
    const stream = await client.chat.completions.create({ model: FLASH, messages: [{ role: "user", content: "joke" }], stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toContain("outstanding in his field");
    const seen = h.fake.requests[0]!;
    expect(seen.path).toBe("/v1beta/openai/chat/completions");
    expect(seen.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(seen.headers["x-goog-api-key"]).toBeUndefined();
    expect(await lastUsage(h, grant.grantId)).toMatchObject({ endpoint: "chat/completions", outputTokens: 439, costMicros: 1101n });

    const refused = await client.chat.completions
      .create({ model: "gemini-2.5-pro", messages: [{ role: "user", content: "x" }] })
      .catch((e) => e);
    expect(refused.status).toBe(403);
    expect(refused.error).toMatchObject({ type: "model_not_allowed" }); // the OpenAI envelope on the OpenAI path
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

describe("an upstream still configured as Google's old OpenAI-compatible URL", () => {
  let h: ProxyHarness;
  let grant: TestGrant;

  beforeAll(async () => {
    h = await startProxyHarness("sqlite", { env: (fake) => ({ VAULT_UPSTREAM_GOOGLE: `${fake.url}/google/v1beta/openai/` }) });
    grant = await h.grants.create([{ provider: "google", capabilities: ["chat"], monthlyUsd: "10" }]);
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
  });

  it("is read as Google's API root: both APIs reach their paths", async () => {
    h.fake.reset();
    await h.gemini(grant.token).models.generateContent({ model: FLASH, contents: CONTENTS });
    const openai = h.openai(grant.token, { provider: "google" });
    await openai.chat.completions.create({ model: FLASH, messages: [{ role: "user", content: "hi" }] });
    expect(h.fake.requests.map((r) => r.path)).toEqual([`/v1beta/models/${FLASH}:generateContent`, "/v1beta/openai/chat/completions"]);
  });
});
