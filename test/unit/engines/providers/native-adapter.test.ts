/**
 * A native provider is its own adapter, built from the shared parts, with no change to them: a
 * test-only adapter shaped like Gemini's native API (`v1beta/models/{model}:generateContent`, the
 * model in the path, the stream flag in the endpoint, the output bound at
 * `generationConfig.maxOutputTokens`, the token in `x-goog-api-key` or `?key=`, streams as SSE with
 * CRLF or as a JSON array) goes through endpoint matching, request facts, the body rewrite, header
 * and query forwarding, and the metered stream exactly as the proxy drives them.
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import type { SseEvent } from "@/lib/foundation/sse/parse-sse-event";
import { BaseMeter } from "@/lib/engines/providers/base-meter";
import { valueAt } from "@/lib/engines/providers/body-paths";
import { endpointMatcher } from "@/lib/engines/providers/match-endpoint";
import { readRequestFacts, withMaxOutputTokens } from "@/lib/engines/providers/read-request-facts";
import { reasoningModels } from "@/lib/engines/providers/registry";
import { isEventStream, jsonArrayFraming, sseFraming } from "@/lib/engines/providers/stream-framing";
import { tokenCarriers, tokenFromRequest } from "@/lib/engines/providers/token-from-request";
import type {
  AdapterContext,
  Endpoint,
  MeterResult,
  ProviderAdapter,
  ProviderInfo,
  TokenUsage,
  VaultErrorShape,
} from "@/lib/engines/providers/types";
import { meteredStream } from "@/lib/surfaces/proxy/meter-stream";
import { buildUpstreamUrl, withoutTokenParams } from "@/lib/surfaces/proxy/parse-proxy-path";
import { upstreamRequestHeaders } from "@/lib/surfaces/proxy/proxy-headers";
import { RequestStopper } from "@/lib/surfaces/proxy/request-stopper";
import { providerRequest } from "@/test/support/provider-request";

const STREAM = ":streamGenerateContent";

const ENDPOINTS: readonly Endpoint<"generate">[] = [
  {
    name: "v1beta/models/{model}:generateContent",
    method: "POST",
    capability: "chat",
    metering: "tokens",
    body: "json",
    maxTokensFields: ["generationConfig.maxOutputTokens"],
    usage: "generate",
  },
  {
    name: `v1beta/models/{model}${STREAM}`,
    method: "POST",
    capability: "chat",
    metering: "tokens",
    body: "json",
    maxTokensFields: ["generationConfig.maxOutputTokens"],
    usage: "generate",
  },
  { name: "v1beta/models/{model}:countTokens", method: "POST", capability: "chat", metering: "free", body: "json" },
  { name: "v1beta/models", method: "GET", capability: null, metering: "free", body: "none" },
];

type Obj = Record<string, any>;

/** `usageMetadata` on every chunk (cumulative), final once a candidate has a finishReason. */
class UsageMetadataMeter extends BaseMeter {
  private usage: TokenUsage | null = null;
  protected currentUsage(): TokenUsage | null {
    return this.usage;
  }
  onEvent(_event: SseEvent, json: unknown): void {
    this.onBody(json);
  }
  onBody(json: unknown): void {
    const chunk = json as Obj | null;
    if (!chunk || typeof chunk !== "object") return;
    if (chunk.error) this.failed = true;
    for (const candidate of chunk.candidates ?? []) {
      for (const part of candidate?.content?.parts ?? []) this.chars += typeof part?.text === "string" ? part.text.length : 0;
      if (candidate?.finishReason) this.final = true;
    }
    const m = chunk.usageMetadata;
    if (m && typeof m === "object") {
      const output = (m.candidatesTokenCount ?? 0) + (m.thoughtsTokenCount ?? 0);
      this.usage = {
        inputTokens: m.promptTokenCount ?? 0,
        outputTokens: output,
        cacheReadTokens: m.cachedContentTokenCount ?? 0,
        cacheWriteTokens: 0,
        cacheWrite1hTokens: 0,
        reasoningTokens: m.thoughtsTokenCount ?? 0,
      };
    }
  }
}

const errorBody = (e: VaultErrorShape) => ({ error: { code: 400, message: e.message, status: e.type } });

function createNativeAdapter(info: ProviderInfo, context: AdapterContext): ProviderAdapter {
  return Object.freeze({
    info,
    requestHeaders: ["content-type", "x-goog-*"], // a prefix that also matches the token's header
    responseHeaders: ["content-type"],
    queryParams: ["alt", "key"], // lists the token's parameter too: it is still never forwarded
    tokenFrom: (headers, query) => tokenFromRequest(info, headers, query),
    ...tokenCarriers(info),
    authHeaders: (secret: string): Record<string, string> => ({ "x-goog-api-key": secret }),
    endpoint: endpointMatcher(ENDPOINTS),
    requestFacts: (request) =>
      readRequestFacts(request, {
        model: ({ endpoint }) => endpoint.params.model,
        stream: ({ endpoint }) => endpoint.name.endsWith(STREAM),
        maxTokensFields: request.endpoint.maxTokensFields ?? [],
        outputCountFields: ["generationConfig.candidateCount"],
        isAttachment: (node) => node.fileData !== undefined,
        asksForReasoning: (body) => (valueAt(body, "generationConfig.thinkingConfig.thinkingBudget") ?? 0) !== 0,
        reasoningModels: context.reasoningModels,
      }),
    rewriteBody: ({ body }, facts, rewrite) =>
      rewrite.maxOutputTokens === undefined ? body : withMaxOutputTokens(facts, body, rewrite.maxOutputTokens),
    refusal: () => null,
    newMeter: () => new UsageMetadataMeter(),
    streamFraming(endpoint, contentType) {
      if (isEventStream(contentType)) return sseFraming((e) => `data: ${JSON.stringify(errorBody(e))}\r\n\r\n`);
      return endpoint.name.endsWith(STREAM) && /json/i.test(contentType) ? jsonArrayFraming(errorBody) : null;
    },
    isInjectedUsageEvent: () => false,
    errorBody,
  } satisfies ProviderAdapter);
}

const INFO: ProviderInfo = {
  id: "native-test",
  name: "Native test",
  defaultUpstream: "https://native.example.com",
  adapter: createNativeAdapter,
  requiresKey: true,
  keyHint: "",
  priceCatalogueId: null,
  tokenHeaders: ["x-goog-api-key"],
  tokenQueryParam: "key",
};
const native = INFO.adapter(INFO, { reasoningModels: reasoningModels() });

const CONTENTS = [{ role: "user", parts: [{ text: "hi" }] }];

function facts(path: string, body: Record<string, unknown>) {
  const request = providerRequest(native, path, body);
  return { request, facts: native.requestFacts(request) };
}

function refusedWith(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return isVaultError(error) ? { code: error.code, param: error.field } : error;
  }
  return null;
}

describe("endpoint templates with a parameter inside a segment", () => {
  it("match the model in the path and capture it", () => {
    const match = native.endpoint("POST", "v1beta/models/gemini-2.5-flash:generateContent");
    expect(match).toMatchObject({ name: "v1beta/models/{model}:generateContent", params: { model: "gemini-2.5-flash" } });
    expect(match?.upstreamPath).toBe("v1beta/models/gemini-2.5-flash:generateContent");
    expect(native.endpoint("POST", `v1beta/models/gemini-2.0-flash-001${STREAM}`)?.params).toEqual({ model: "gemini-2.0-flash-001" });
    expect(native.endpoint("GET", "v1beta/models")?.params).toEqual({});
  });

  it("deny every other method, verb, or a model that could hide one", () => {
    for (const [method, path] of [
      ["GET", "v1beta/models/gemini-2.5-flash:generateContent"],
      ["POST", "v1beta/models/gemini-2.5-flash:deleteEverything"],
      ["POST", "v1beta/models/a:b:generateContent"],
      ["POST", "v1beta/models/:generateContent"],
      ["POST", "v1beta/models/x/y:generateContent"],
      ["POST", "v1beta/models/gemini-2.5-flash:generateContentX"],
    ] as const)
      expect(native.endpoint(method, path), `${method} ${path}`).toBeNull();
  });
});

describe("request facts from the path and from nested fields", () => {
  const generate = "v1beta/models/gemini-2.5-flash-lite:generateContent";

  it("reads the model from the path and the stream flag from the endpoint", () => {
    expect(facts(generate, { contents: CONTENTS }).facts).toMatchObject({ model: "gemini-2.5-flash-lite", stream: false });
    expect(facts(`v1beta/models/gemini-2.5-flash-lite${STREAM}`, { contents: CONTENTS }).facts).toMatchObject({ stream: true });
  });

  it("reads the output bound and the candidate count at their dotted paths", () => {
    const body = { contents: CONTENTS, generationConfig: { maxOutputTokens: 300, candidateCount: 2, temperature: 0 } };
    expect(facts(generate, body).facts).toMatchObject({
      maxOutputTokens: 300,
      outputLimitFields: ["generationConfig.maxOutputTokens"],
      outputMultiplier: 2,
    });
    expect(facts("v1beta/models/m:countTokens", { contents: CONTENTS }).facts).toMatchObject({
      outputLimitFields: [],
      outputMultiplier: 1,
    });
  });

  it("refuses a malformed bound, count, or a parent that is not an object", () => {
    expect(refusedWith(() => facts(generate, { generationConfig: { maxOutputTokens: "5" } }))).toEqual({
      code: "invalid_request",
      param: "generationConfig.maxOutputTokens",
    });
    expect(refusedWith(() => facts(generate, { generationConfig: { maxOutputTokens: 5, candidateCount: 1.5 } }))).toEqual({
      code: "invalid_request",
      param: "generationConfig.candidateCount",
    });
    expect(refusedWith(() => facts(generate, { generationConfig: 5 }))).toEqual({ code: "invalid_request", param: "generationConfig" });
  });

  it("knows the registry's reasoning models by the path's model, and the adapter's own reasoning field", () => {
    expect(facts("v1beta/models/gemini-2.5-pro:generateContent", { contents: CONTENTS }).facts.reasoning).toBe(true);
    expect(facts(generate, { contents: CONTENTS }).facts.reasoning).toBe(false);
    const thinking = { contents: CONTENTS, generationConfig: { thinkingConfig: { thinkingBudget: 1024 } } };
    expect(facts(generate, thinking).facts.reasoning).toBe(true);
  });

  it("counts the adapter's own attachments", () => {
    const body = { contents: [{ role: "user", parts: [{ fileData: { fileUri: "gs://b/f.pdf" } }, { text: "sum up" }] }] };
    expect(facts(generate, body).facts.attachmentTokens).toBe(6_000);
  });
});

describe("the output bound written at a nested path", () => {
  it("is injected into a new generationConfig, or clamps the client's, and never changes the client's object", () => {
    const { request, facts: f } = facts("v1beta/models/m:generateContent", { contents: CONTENTS });
    expect(native.rewriteBody(request, f, { maxOutputTokens: 16_384 })).toEqual({
      contents: CONTENTS,
      generationConfig: { maxOutputTokens: 16_384 },
    });
    const sent = { contents: CONTENTS, generationConfig: { maxOutputTokens: 9_000, temperature: 0.2 } };
    const clamped = facts("v1beta/models/m:generateContent", sent);
    expect(native.rewriteBody(clamped.request, clamped.facts, { maxOutputTokens: 100 })).toEqual({
      contents: CONTENTS,
      generationConfig: { maxOutputTokens: 100, temperature: 0.2 },
    });
    expect(sent.generationConfig.maxOutputTokens).toBe(9_000);
  });
});

describe("the token in a header or a query parameter", () => {
  it("is read from x-goog-api-key or ?key=", () => {
    expect(native.tokenFrom({ "x-goog-api-key": "okap_a" }, new URLSearchParams())).toBe("okap_a");
    expect(native.tokenFrom({}, new URLSearchParams("alt=sse&key=okap_b"))).toBe("okap_b");
  });

  it("never goes upstream, even where an allowlist would let it through; the master key does", () => {
    const headers = upstreamRequestHeaders(
      native,
      { "x-goog-api-key": "okap_a", "x-goog-user-project": "p", "content-type": "x" },
      "AIza-master",
      2,
      true,
    );
    expect(headers).toMatchObject({ "x-goog-api-key": "AIza-master", "x-goog-user-project": "p", "content-type": "application/json" });
    expect(JSON.stringify(headers)).not.toContain("okap_a");
    const query = withoutTokenParams(new URLSearchParams("alt=sse&key=okap_b"), native.tokenQueryParams);
    const url = buildUpstreamUrl(INFO.defaultUpstream, `v1beta/models/m${STREAM}`, query, native.queryParams);
    expect(url.href).toBe(`https://native.example.com/v1beta/models/m${STREAM}?alt=sse`);
  });
});

async function pipe(bytes: Buffer, contentType: string, cut: number | null, cutStream = false) {
  const endpoint = native.endpoint("POST", `v1beta/models/m${STREAM}`)!;
  const framing = native.streamFraming(endpoint, contentType)!;
  const meter = native.newMeter(endpoint);
  const chunks = cut === null ? [...bytes].map((b) => Buffer.from([b])) : [bytes.subarray(0, cut), bytes.subarray(cut)];
  const body = Readable.from(
    (async function* () {
      yield* chunks;
      if (cutStream) throw new Error("socket hang up");
    })(),
  );
  let stopped: string | null = "not finished";
  const stream = meteredStream({
    requestId: "pxr_test",
    body,
    adapter: native,
    framing,
    meter,
    dropInjectedUsage: false,
    redact: (b) => b,
    idleTimeoutMs: 10_000,
    stopper: new RequestStopper(),
    onFirstByte: () => undefined,
    finish: async (s) => void (stopped = s),
  });
  const out: Buffer[] = [];
  for await (const chunk of stream) out.push(chunk);
  return { out: Buffer.concat(out), result: meter.result(), stopped };
}

const chunk = (text: string, prompt: number, candidates: number, finish?: string) => ({
  candidates: [{ content: { parts: [{ text }], role: "model" }, ...(finish ? { finishReason: finish } : {}), index: 0 }],
  usageMetadata: { promptTokenCount: prompt, candidatesTokenCount: candidates, totalTokenCount: prompt + candidates },
  modelVersion: "gemini-2.5-flash",
});
const CHUNKS = [chunk("Hel", 9, 1), chunk("lo, wor", 9, 3), chunk("ld", 9, 4, "STOP")];
const USAGE: MeterResult["usage"] = {
  inputTokens: 9,
  outputTokens: 4,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
  reasoningTokens: 0,
};

describe.each([
  ["SSE with CRLF", "text/event-stream", Buffer.from(CHUNKS.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`).join(""))],
  [
    "a JSON array",
    "application/json; charset=UTF-8",
    Buffer.from(`[${CHUNKS.map((c) => JSON.stringify(c, null, 2).replace(/\n/g, "\r\n")).join("\r\n,\r\n")}]`),
  ],
])("a stream framed as %s", (_name, contentType, bytes) => {
  it("passes the bytes through untouched and meters exact usage at every split offset, and byte by byte", async () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { out, result, stopped } = await pipe(bytes, contentType, cut);
      expect(out.equals(bytes), `cut at ${cut}`).toBe(true);
      expect(result, `cut at ${cut}`).toMatchObject({ usage: USAGE, complete: true, failed: false, outputChars: 12 });
      expect(stopped).toBeNull();
    }
    expect((await pipe(bytes, contentType, null)).result.usage).toEqual(USAGE);
  });

  it("ends a cut stream with an error in the provider's format", async () => {
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    const { out, result, stopped } = await pipe(half, contentType, null, true);
    expect(stopped).toBe("upstream_reset");
    expect(result.complete).toBe(false);
    const text = out.toString("utf8");
    if (contentType === "text/event-stream") expect(text).toMatch(/\r\n\r\ndata: \{"error":\{"code":400,.*\}\r\n\r\n$/);
    else {
      // the client still parses a whole array: the elements it got, then the error
      const elements = JSON.parse(text) as Obj[];
      expect(elements.at(-1)).toMatchObject({ error: { status: "upstream_error" } });
      expect(elements.slice(0, -1)).toEqual(CHUNKS.slice(0, elements.length - 1));
    }
  });
});

describe("a whole body is not a stream", () => {
  it("on an endpoint that does not stream", () => {
    const endpoint = native.endpoint("POST", "v1beta/models/m:generateContent")!;
    expect(native.streamFraming(endpoint, "application/json")).toBeNull();
  });
});
