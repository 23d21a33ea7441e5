/**
 * Provider quirks are registry data, read by the shared dialect code only where a row names them:
 * Groq's stream usage under `x_groq.usage`, DeepSeek's cache hits in `prompt_cache_hit_tokens`,
 * each vendor's reasoning models (checked on every host, since hosts serve other vendors' models).
 */
import { describe, expect, it } from "vitest";
import type { SseEvent } from "@/lib/foundation/sse/parse-sse-event";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { listProviders, PROVIDER_IDS } from "@/lib/engines/providers/registry";
import { providerRequest } from "@/test/support/provider-request";

function streamUsage(provider: string, chunks: unknown[]) {
  const adapter = adapterFor(provider)!;
  const meter = adapter.newMeter(adapter.endpoint("POST", "chat/completions")!);
  for (const chunk of chunks) meter.onEvent({ event: "message", data: JSON.stringify(chunk) } satisfies SseEvent, chunk);
  meter.onEvent({ event: "message", data: "[DONE]" }, undefined);
  return meter.result();
}

function bodyUsage(provider: string, body: unknown) {
  const adapter = adapterFor(provider)!;
  const meter = adapter.newMeter(adapter.endpoint("POST", "chat/completions")!);
  meter.onBody(body);
  return meter.result();
}

describe("usage where a provider's row says it is", () => {
  // Groq's recorded shape: the usage rides on the last content chunk, under x_groq
  const groqChunks = [
    { id: "c", choices: [{ index: 0, delta: { content: "Hi" }, finish_reason: null }] },
    {
      id: "c",
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
      x_groq: { id: "req_1", usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 } },
    },
  ];

  it("reads Groq's x_groq.usage, and only for Groq", () => {
    expect(streamUsage("groq", groqChunks)).toMatchObject({ complete: true, usage: { inputTokens: 12, outputTokens: 2 } });
    expect(streamUsage("openai", groqChunks)).toMatchObject({ complete: false, usage: null });
  });

  const deepseek = {
    choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
    usage: { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105, prompt_cache_hit_tokens: 64, prompt_cache_miss_tokens: 36 },
  };

  it("reads DeepSeek's cache hits, and only for DeepSeek", () => {
    expect(bodyUsage("deepseek", deepseek).usage).toMatchObject({ inputTokens: 100, cacheReadTokens: 64 });
    expect(bodyUsage("openai", deepseek).usage).toMatchObject({ inputTokens: 100, cacheReadTokens: 0 });
  });

  it("prefers the standard cached_tokens when a provider reports both", () => {
    const both = { usage: { ...deepseek.usage, prompt_tokens_details: { cached_tokens: 10 } } };
    expect(bodyUsage("deepseek", both).usage).toMatchObject({ cacheReadTokens: 10 });
  });
});

describe("reasoning models, one vendor per row, known on every host", () => {
  const reasons = (provider: string, model: string) => {
    const adapter = adapterFor(provider)!;
    return adapter.requestFacts(providerRequest(adapter, "chat/completions", { model, messages: [] })).reasoning;
  };

  it.each([
    ["openrouter", "deepseek/deepseek-r1", true],
    ["together", "deepseek-ai/DeepSeek-R1", true],
    ["mistral", "magistral-medium-latest", true],
    ["mistral", "mistral-large-latest", false],
    ["ollama", "qwq:32b", true],
    ["google", "gemini-2.5-flash", true],
    ["google", "gemini-2.5-flash-lite", false],
    ["xai", "grok-4", true],
    ["openrouter", "openai/gpt-5-chat", false],
  ])("%s %s -> %s", (provider, model, expected) => {
    expect(reasons(provider, model)).toBe(expected);
  });
});

describe("every row", () => {
  it("builds its adapter from the factory it names, with the token's carriers never forwarded", () => {
    for (const info of listProviders()) {
      const adapter = adapterFor(info.id)!;
      expect(adapter.info).toBe(info);
      expect(adapter.tokenHeaders).toEqual(["authorization", ...(info.tokenHeaders ?? [])]);
      expect(adapter.tokenQueryParams).toEqual(info.tokenQueryParam ? [info.tokenQueryParam] : []);
    }
    expect(PROVIDER_IDS.length).toBe(listProviders().length);
  });
});
