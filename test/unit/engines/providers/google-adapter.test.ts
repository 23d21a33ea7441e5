/**
 * Google's adapter: Gemini's native API beside the OpenAI-compatible one under one provider id.
 * Endpoint matching (native first, the compatible paths mapped under `v1beta/openai/`), the key
 * where each API takes it, the request facts (model from the path, thinking counted in the output
 * bound), the body rewrite (maxOutputTokens injected or clamped, thinkingBudget clamped, the client's
 * object untouched), the refusals on capped grants, Google's error envelope, and usageMetadata
 * priced to the micro-dollar (thoughts added to output, cached and audio tokens at their own rates,
 * long-context tiers).
 */
import { describe, expect, it } from "vitest";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { computeCostMicros } from "@/lib/engines/pricing/compute-cost";
import { cataloguePrice } from "@/lib/engines/pricing/catalogue-price";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { providerInfo } from "@/lib/engines/providers/registry";
import { geminiUsage } from "@/lib/engines/providers/google/gemini-usage";
import { normaliseUpstream } from "@/lib/domain/upstreams/upstream-urls";
import { fixtureJson } from "@/test/support/fixtures";
import { providerRequest } from "@/test/support/provider-request";

const google = adapterFor("google");
const CONTENTS = [{ role: "user", parts: [{ text: "hi" }] }];
const GENERATE = "v1beta/models/gemini-2.5-flash:generateContent";
const GENERATE_20 = "v1beta/models/gemini-2.0-flash:generateContent";

function facts(path: string, body: Record<string, unknown>) {
  return google.requestFacts(providerRequest(google, path, body));
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return isVaultError(error) ? { code: error.code, field: error.field } : error;
  }
  return null;
}

function refusal(path: string, body: Record<string, unknown>, capped = true) {
  const error = google.refusal(providerRequest(google, path, body), capped);
  return error ? { code: error.code, status: error.status, field: error.field } : null;
}

describe("two APIs under /v1/google", () => {
  it("matches the native endpoints with the model from the path, forwarded as they came", () => {
    for (const method of ["generateContent", "streamGenerateContent", "countTokens", "embedContent", "batchEmbedContents"]) {
      const match = google.endpoint("POST", `v1beta/models/gemini-2.5-flash:${method}`);
      expect(match, method).toMatchObject({
        params: { model: "gemini-2.5-flash" },
        upstreamPath: `v1beta/models/gemini-2.5-flash:${method}`,
      });
    }
    expect(google.endpoint("GET", "v1beta/models")).toMatchObject({ capability: null, metering: "free" });
    expect(google.endpoint("POST", "v1beta/models/gemini-2.5-flash:embedContent")).toMatchObject({ capability: "embeddings" });
  });

  it("maps the OpenAI-compatible paths, with or without their prefix, under v1beta/openai/", () => {
    for (const path of ["chat/completions", "v1beta/openai/chat/completions"]) {
      expect(google.endpoint("POST", path), path).toMatchObject({
        name: "chat/completions",
        upstreamPath: "v1beta/openai/chat/completions",
      });
    }
    expect(google.endpoint("GET", "models")?.upstreamPath).toBe("v1beta/openai/models");
    expect(google.endpoint("POST", "embeddings")?.upstreamPath).toBe("v1beta/openai/embeddings");
  });

  it("denies everything else", () => {
    for (const [method, path] of [
      ["POST", "v1beta/models/gemini-2.5-flash:predict"],
      ["POST", "v1beta/cachedContents"],
      ["POST", "v1beta/files"],
      ["POST", "v1beta/tunedModels/my-model:generateContent"],
      ["POST", "v1beta/models/gemini-2.5-flash:batchGenerateContent"],
      ["POST", "v1beta/openai/v1beta/models/x:generateContent"],
    ] as const)
      expect(google.endpoint(method, path), `${method} ${path}`).toBeNull();
  });

  it("sends the master key as x-goog-api-key to the native API and as a bearer to the compatible one", () => {
    expect(google.authHeaders("AIza-key", google.endpoint("POST", GENERATE)!)).toEqual({ "x-goog-api-key": "AIza-key" });
    expect(google.authHeaders("AIza-key", google.endpoint("POST", "chat/completions")!)).toEqual({ authorization: "Bearer AIza-key" });
  });

  it("takes the vault token from x-goog-api-key or ?key=, and never forwards either", () => {
    expect(google.tokenFrom({ "x-goog-api-key": "okap_a" }, new URLSearchParams())).toBe("okap_a");
    expect(google.tokenFrom({}, new URLSearchParams("key=okap_b&alt=sse"))).toBe("okap_b");
    expect(google.tokenHeaders).toContain("x-goog-api-key");
    expect(google.tokenQueryParams).toEqual(["key"]);
    expect(google.queryParams).toContain("alt");
  });
});

describe("request facts", () => {
  it("reads the model from the path and the stream from the method", () => {
    expect(facts(GENERATE, { contents: CONTENTS })).toMatchObject({ model: "gemini-2.5-flash", stream: false });
    expect(facts("v1beta/models/gemini-2.5-flash:streamGenerateContent", { contents: CONTENTS })).toMatchObject({ stream: true });
  });

  it("counts a thinking model's thoughts as one more output of the bound per candidate", () => {
    expect(facts(GENERATE, { contents: CONTENTS })).toMatchObject({ reasoning: true, outputMultiplier: 2, maxOutputTokens: null });
    expect(facts(GENERATE, { contents: CONTENTS, generationConfig: { candidateCount: 3, maxOutputTokens: 100 } })).toMatchObject({
      maxOutputTokens: 100,
      outputMultiplier: 6,
      outputLimitFields: ["generationConfig.maxOutputTokens"],
    });
    // thinking turned off, a model that does not think, or asked to think
    expect(facts(GENERATE, { contents: CONTENTS, generationConfig: { thinkingConfig: { thinkingBudget: 0 } } })).toMatchObject({
      reasoning: false,
      outputMultiplier: 1,
    });
    expect(facts(GENERATE_20, { contents: CONTENTS })).toMatchObject({ reasoning: false, outputMultiplier: 1 });
    expect(
      facts("v1beta/models/gemini-2.5-flash-lite:generateContent", {
        contents: CONTENTS,
        generationConfig: { thinkingConfig: { thinkingBudget: 512 } },
      }),
    ).toMatchObject({ reasoning: true, outputMultiplier: 2 });
  });

  it("counts inline media as attachments and adds nothing to endpoints without an output bound", () => {
    const image = { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } };
    expect(facts(GENERATE_20, { contents: [{ role: "user", parts: [{ text: "what is this?" }, image] }] }).attachmentTokens).toBe(6_000);
    expect(facts("v1beta/models/gemini-2.5-flash:countTokens", { contents: CONTENTS })).toMatchObject({
      outputLimitFields: [],
      outputMultiplier: 1,
    });
  });

  it("refuses a malformed bound or thinking budget", () => {
    expect(thrown(() => facts(GENERATE, { contents: CONTENTS, generationConfig: { maxOutputTokens: "100" } }))).toEqual({
      code: "invalid_request",
      field: "generationConfig.maxOutputTokens",
    });
    expect(thrown(() => facts(GENERATE, { contents: CONTENTS, generationConfig: { thinkingConfig: { thinkingBudget: -2 } } }))).toEqual({
      code: "invalid_request",
      field: "generationConfig.thinkingConfig.thinkingBudget",
    });
    expect(thrown(() => facts(GENERATE, { contents: CONTENTS, generationConfig: 5 }))).toMatchObject({ code: "invalid_request" });
  });
});

describe("the body rewrite", () => {
  const rewrite = (body: Record<string, unknown>, maxOutputTokens?: number) => {
    const request = providerRequest(google, GENERATE, body);
    return google.rewriteBody(request, google.requestFacts(request), maxOutputTokens === undefined ? {} : { maxOutputTokens });
  };

  it("injects maxOutputTokens, creating generationConfig, without touching the client's object", () => {
    const body = { contents: CONTENTS, generationConfig: { temperature: 0 } };
    expect(rewrite(body, 4096)).toEqual({ contents: CONTENTS, generationConfig: { temperature: 0, maxOutputTokens: 4096 } });
    expect(body.generationConfig).toEqual({ temperature: 0 });
    expect(rewrite({ contents: CONTENTS }, 16)).toEqual({ contents: CONTENTS, generationConfig: { maxOutputTokens: 16 } });
  });

  it("clamps a thinking budget above the bound, and a dynamic one when the vault chose the bound", () => {
    const thinking = (thinkingBudget: number, maxOutputTokens?: number) => ({
      contents: CONTENTS,
      generationConfig: { ...(maxOutputTokens ? { maxOutputTokens } : {}), thinkingConfig: { thinkingBudget, includeThoughts: true } },
    });
    expect(rewrite(thinking(8192), 1000).generationConfig).toEqual({
      maxOutputTokens: 1000,
      thinkingConfig: { thinkingBudget: 1000, includeThoughts: true },
    });
    expect(rewrite(thinking(-1), 1000).generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 1000 } });
    expect(rewrite(thinking(8192, 2000)).generationConfig).toMatchObject({
      maxOutputTokens: 2000,
      thinkingConfig: { thinkingBudget: 2000 },
    });
    // within the bound, dynamic under the client's own bound, or off: as sent
    expect(rewrite(thinking(500), 1000).generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 500 } });
    expect(rewrite(thinking(-1, 2000)).generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: -1 } });
    expect(rewrite(thinking(0), 1000).generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 0 } });
  });
});

describe("on a capped grant", () => {
  it.each([
    ["a cached context", { cachedContent: "cachedContents/abc123" }, "cachedContent"],
    [
      "a file by URI",
      { contents: [{ role: "user", parts: [{ fileData: { mimeType: "video/mp4", fileUri: "https://x/f" } }] }] },
      "contents",
    ],
    ["Google Search grounding", { tools: [{ googleSearch: {} }] }, "tools"],
    ["code execution", { tools: [{ functionDeclarations: [] }, { codeExecution: {} }] }, "tools"],
    ["URL context", { tools: [{ urlContext: {} }] }, "tools"],
    ["legacy search retrieval", { tools: [{ googleSearchRetrieval: {} }] }, "tools"],
  ])("refuses %s with 400 unsupported_parameter, and forwards it uncapped", (_name, extra, field) => {
    const body = { contents: CONTENTS, ...extra };
    expect(refusal(GENERATE, body)).toEqual({ code: "unsupported_parameter", status: 400, field });
    expect(refusal("v1beta/models/gemini-2.5-flash:streamGenerateContent", body)).toMatchObject({ field });
    expect(refusal(GENERATE, body, false)).toBeNull();
  });

  it("lets function calling, inline media and counting through", () => {
    const tools = [{ functionDeclarations: [{ name: "get_weather", parameters: { type: "OBJECT", properties: {} } }] }];
    expect(refusal(GENERATE, { contents: CONTENTS, tools })).toBeNull();
    expect(
      refusal(GENERATE, { contents: [{ role: "user", parts: [{ inlineData: { mimeType: "image/png", data: "AA==" } }] }] }),
    ).toBeNull();
    expect(refusal("v1beta/models/gemini-2.5-flash:countTokens", { contents: CONTENTS, cachedContent: "cachedContents/x" })).toBeNull();
  });

  it("refuses, on every grant, a model in the body other than the path's", () => {
    const batch = "v1beta/models/gemini-embedding-001:batchEmbedContents";
    const request = (model: string) => ({ model, content: { parts: [{ text: "hi" }] } });
    expect(refusal(batch, { requests: [request("models/gemini-embedding-001"), request("gemini-embedding-001")] })).toBeNull();
    expect(refusal(batch, { requests: [request("models/gemini-embedding-001"), request("models/other")] }, false)).toEqual({
      code: "invalid_request",
      status: 400,
      field: "requests.1.model",
    });
    expect(refusal("v1beta/models/gemini-embedding-001:embedContent", { ...request("models/x") }, false)).toMatchObject({ field: "model" });
    expect(
      refusal("v1beta/models/gemini-2.5-flash:countTokens", {
        generateContentRequest: { model: "models/gemini-2.5-pro", contents: CONTENTS },
      }),
    ).toMatchObject({ field: "generateContentRequest.model" });
  });

  it("keeps the compatible endpoint's refusals", () => {
    const body = {
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "hi" }],
      extra_body: { google: { cached_content: "c" } },
    };
    expect(refusal("chat/completions", body)).toMatchObject({ code: "unsupported_parameter", field: "extra_body.google.cached_content" });
  });
});

describe("errors", () => {
  const shape = { type: "budget_exceeded", message: "over the cap", requestId: "pxr_1" };

  it("come in Google's envelope on native paths", () => {
    expect(google.errorBody(shape, GENERATE)).toEqual({
      error: {
        code: 402,
        message: "over the cap",
        status: "RESOURCE_EXHAUSTED",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "BUDGET_EXCEEDED",
            domain: "okap-vault",
            metadata: { type: "budget_exceeded", request_id: "pxr_1" },
          },
        ],
      },
    });
    expect(google.errorBody({ ...shape, type: "unsupported_parameter", field: "tools" }, "v1beta/models")).toMatchObject({
      error: { code: 400, status: "INVALID_ARGUMENT", details: [{ metadata: { field: "tools" } }] },
    });
  });

  it("come in the OpenAI envelope on the compatible paths and before the path is known", () => {
    for (const path of ["chat/completions", "v1beta/openai/chat/completions", undefined]) {
      expect(google.errorBody(shape, path), String(path)).toMatchObject({ error: { type: "budget_exceeded", code: "budget_exceeded" } });
    }
  });
});

describe("usageMetadata", () => {
  const flash = cataloguePrice("google", "gemini-2.5-flash")!;

  it("adds thoughts to the output and counts cached tokens as a subset of the prompt", () => {
    const meter = google.newMeter(google.endpoint("POST", GENERATE)!);
    meter.onBody(fixtureJson("google/generate-content.json"));
    const { usage, complete } = meter.result();
    expect(complete).toBe(true);
    expect(usage).toEqual({
      inputTokens: 5210,
      outputTokens: 970,
      cacheReadTokens: 4096,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      reasoningTokens: 850,
    });
    expect(computeCostMicros(flash, usage!)).toBe(2883n); // 1114 x 0.30 + 4096 x 0.03 + 970 x 2.50 = 2882.08 µ$
  });

  it("bills tool-use prompt tokens as input and uncached audio at the audio rate", () => {
    const usage = geminiUsage({
      promptTokenCount: 1000,
      cachedContentTokenCount: 200,
      toolUsePromptTokenCount: 50,
      candidatesTokenCount: 10,
      promptTokensDetails: [
        { modality: "TEXT", tokenCount: 400 },
        { modality: "AUDIO", tokenCount: 600 },
      ],
      cacheTokensDetails: [{ modality: "AUDIO", tokenCount: 200 }],
    });
    expect(usage).toMatchObject({ inputTokens: 1050, cacheReadTokens: 200, inputAudioTokens: 400, outputTokens: 10 });
    // 450 text x 0.30 + 400 audio x 1.00 + 200 cached x 0.03 + 10 x 2.50 = 566 µ$
    expect(computeCostMicros(flash, usage)).toBe(566n);
  });

  it("prices a long prompt at the catalogue's long-context tier", () => {
    const meter = google.newMeter(google.endpoint("POST", "v1beta/models/gemini-2.5-pro:generateContent")!);
    meter.onBody(fixtureJson("google/generate-content-long-context.json"));
    const usage = meter.result().usage!;
    expect(usage).toMatchObject({ inputTokens: 250_000, outputTokens: 1600, reasoningTokens: 1200 });
    // above 200k prompt tokens: $2.50 input, $15 output per Mtok (instead of $1.25 and $10)
    expect(computeCostMicros(cataloguePrice("google", "gemini-2.5-pro")!, usage)).toBe(649_000n);
  });

  it("reads no usage from an embedding, which is then estimated", () => {
    const meter = google.newMeter(google.endpoint("POST", "v1beta/models/gemini-embedding-001:batchEmbedContents")!);
    meter.onBody(fixtureJson("google/batch-embed-contents.json"));
    expect(meter.result()).toMatchObject({ usage: null, complete: false, failed: false });
  });
});

describe("the upstream root", () => {
  it("is Google's API root, and a root saved as the old OpenAI-compatible URL is read as the root", () => {
    const info = providerInfo("google");
    expect(info.defaultUpstream).toBe("https://generativelanguage.googleapis.com");
    expect(normaliseUpstream(info, "https://generativelanguage.googleapis.com/v1beta/openai/")).toBe(
      "https://generativelanguage.googleapis.com",
    );
    expect(normaliseUpstream(info, "http://127.0.0.1:9000/gemini/v1beta/openai")).toBe("http://127.0.0.1:9000/gemini");
    expect(normaliseUpstream(providerInfo("openai"), "https://api.openai.com/v1/")).toBe("https://api.openai.com/v1");
  });
});
