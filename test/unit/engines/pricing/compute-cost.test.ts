/** Prices from the bundled catalogue and owner overrides, costs and reservation bounds in exact µ$. */
import { describe, expect, it } from "vitest";
import { cataloguePrice, usdPerMtokToMicros } from "@/lib/engines/pricing/catalogue-price";
import { computeCostMicros, maxCostMicros, outputTokensWithin } from "@/lib/engines/pricing/compute-cost";
import { FREE_PRICE } from "@/lib/engines/pricing/model-price";
import { fixedSchedule } from "@/lib/engines/pricing/price-schedule";
import { overridePrice, resolvePrice } from "@/lib/engines/pricing/resolve-price";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { providerInfo } from "@/lib/engines/providers/registry";
import { fixtureJson } from "@/test/support/fixtures";

function bodyUsage(provider: string, path: string, file: string) {
  const adapter = adapterFor(provider)!;
  const meter = adapter.newMeter(adapter.endpoint("POST", path)!);
  meter.onBody(fixtureJson(file));
  return meter.result();
}

describe("non-streamed bodies", () => {
  it.each([
    // [provider, path, fixture, catalogue model, usage, µ$]
    [
      "openai",
      "chat/completions",
      "openai/chat-completion.json",
      "gpt-4o-mini",
      { inputTokens: 1200, outputTokens: 80, cacheReadTokens: 1024, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 },
      152n,
    ], // 176x0.15 + 1024x0.075 + 80x0.60 = 151.2
    [
      "openai",
      "responses",
      "openai/responses.json",
      "gpt-4.1-mini",
      { inputTokens: 3000, outputTokens: 150, cacheReadTokens: 2048, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 64 },
      826n,
    ], // 952x0.40 + 2048x0.10 + 150x1.60 = 825.6
    [
      "openai",
      "embeddings",
      "openai/embeddings.json",
      "text-embedding-3-small",
      { inputTokens: 8, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 },
      1n,
    ], // 8x0.02 = 0.16
    [
      "anthropic",
      "v1/messages",
      "anthropic/message.json",
      "claude-sonnet-4-5",
      { inputTokens: 12060, outputTokens: 25, cacheReadTokens: 10000, cacheWriteTokens: 2048, cacheWrite1hTokens: 0, reasoningTokens: 0 },
      11091n,
    ], // 12x3 + 10000x0.30 + 2048x3.75 + 25x15
  ] as const)("%s %s %s", (provider, path, file, model, usage, micros) => {
    const result = bodyUsage(provider, path, file);
    expect(result).toMatchObject({ usage, complete: true, failed: false });
    expect(computeCostMicros(cataloguePrice(providerInfo(provider as "openai").priceCatalogueId!, model)!, result.usage!)).toBe(micros);
  });

  it("treats an explicit zero usage as zero, and a missing usage as unknown", () => {
    const adapter = adapterFor("openai")!;
    const zero = adapter.newMeter(adapter.endpoint("POST", "chat/completions")!);
    zero.onBody({ choices: [], usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } });
    expect(zero.result()).toMatchObject({ complete: true, usage: { inputTokens: 0, outputTokens: 0 } });
    const missing = adapter.newMeter(adapter.endpoint("POST", "chat/completions")!);
    missing.onBody({ choices: [] });
    expect(missing.result()).toMatchObject({ complete: false, usage: null });
  });
});

describe("prices", () => {
  it("converts catalogue dollars to integer micro-dollars per million tokens exactly", () => {
    expect(usdPerMtokToMicros(2.5)).toBe(2_500_000n);
    expect(usdPerMtokToMicros(0.075)).toBe(75_000n);
    expect(usdPerMtokToMicros(0.0000001)).toBe(0n);
    expect(usdPerMtokToMicros(3.75)).toBe(3_750_000n);
  });

  it("applies long-context tiers to the whole request once its input exceeds the tier start", () => {
    const price = cataloguePrice("anthropic", "claude-sonnet-4-5")!;
    const small = {
      inputTokens: 200_000,
      outputTokens: 1000,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      reasoningTokens: 0,
    };
    expect(computeCostMicros(price, small)).toBe(615_000n); // 200000 x 3 + 1000 x 15
    expect(computeCostMicros(price, { ...small, inputTokens: 200_001 })).toBe(1_222_506n); // 200001 x 6 + 1000 x 22.5
  });

  it("bounds the reservation by the dearest input-side rate and the reachable tier", () => {
    const price = cataloguePrice("anthropic", "claude-sonnet-4-5")!;
    expect(maxCostMicros(price, 1000, 100)).toBe(7_500n); // 1000 x 6 (1-hour cache write) + 100 x 15
    const fit = outputTokensWithin(price, 1000, 10_000n);
    expect(fit).toBe(266); // (10000 - 6000) / 15 µ$ per token
    expect(maxCostMicros(price, 1000, fit)).toBeLessThanOrEqual(10_000n);
    expect(maxCostMicros(price, 1000, fit + 1)).toBeGreaterThan(10_000n);
    expect(outputTokensWithin(price, 1000, 6_000n)).toBe(0);
  });

  it("lets an owner override win, prices Ollama at 0 and knows nothing of unknown models", () => {
    const override = fixedSchedule(
      overridePrice({
        provider: "openai",
        model: "gpt-4o-mini",
        inputMicrosPerMtok: 1_000_000n,
        outputMicrosPerMtok: 2_000_000n,
        cacheReadMicrosPerMtok: null,
        cacheWriteMicrosPerMtok: null,
        cacheWrite1hMicrosPerMtok: null,
      }),
    );
    const overrides = new Map([["openai\u0000gpt-4o-mini", override]]);
    const now = Date.now();
    expect(resolvePrice(overrides, providerInfo("openai"), "gpt-4o-mini", now)?.now).toBe(override.entries[0]!.price);
    expect(resolvePrice(overrides, providerInfo("openai"), "gpt-4o", now)?.now.source).toBe("catalogue");
    expect(resolvePrice(new Map(), providerInfo("ollama"), "llama3.2", now)?.now).toBe(FREE_PRICE);
    expect(resolvePrice(new Map(), providerInfo("openai"), "no-such-model-xyz", now)).toBeNull();
  });
});
