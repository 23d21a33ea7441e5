/**
 * Prices that depend on the token class (audio, image output), on the time of the request (dated
 * changes, DeepSeek's peak hours) and owner overrides over the catalogue, in exact µ$.
 */
import { describe, expect, it } from "vitest";
import { cataloguePrice, catalogueQuote } from "@/lib/engines/pricing/catalogue-price";
import { computeCostMicros, maxCostMicros, outputTokensWithin } from "@/lib/engines/pricing/compute-cost";
import { quoteAt } from "@/lib/engines/pricing/price-schedule";
import { overridePrice, overrideSchedule } from "@/lib/engines/pricing/resolve-price";
import { ZERO_USAGE } from "@/lib/engines/providers/types";
import { chargeFor } from "@/lib/domain/spend/charge-for";

const at = (iso: string) => Date.parse(iso);
const usage = (u: Partial<typeof ZERO_USAGE> & { inputAudioTokens?: number; outputAudioTokens?: number }) => ({ ...ZERO_USAGE, ...u });

describe("price classes", () => {
  it("reserves audio models at their audio rates (gpt-audio: $32/M audio in, $64/M audio out)", () => {
    const price = cataloguePrice("openai", "gpt-audio")!;
    expect(maxCostMicros(price, 1_000, 100)).toBe(38_400n); // 1000 x 32 + 100 x 64 (text alone: 3,500)
    expect(outputTokensWithin(price, 1_000, 38_400n)).toBe(100);
  });

  it("reserves image output at the image rate (gemini-2.5-flash-image: $30/M, text $2.50/M)", () => {
    const price = cataloguePrice("google", "gemini-2.5-flash-image")!;
    expect(maxCostMicros(price, 1_000, 1_290)).toBe(39_000n); // 1000 x 0.30 + 1290 x 30 (text alone: 3,525)
  });

  it("charges audio tokens at the audio rates, the rest at the text rates", () => {
    const price = cataloguePrice("openai", "gpt-audio")!;
    // 40 text + 60 audio in, 50 text + 150 audio out: 40 x 2.5 + 60 x 32 + 50 x 10 + 150 x 64
    expect(computeCostMicros(price, usage({ inputTokens: 100, outputTokens: 200, inputAudioTokens: 60, outputAudioTokens: 150 }))).toBe(
      12_120n,
    );
    // a model without audio rates bills them as text
    const mini = cataloguePrice("openai", "gpt-4o-mini")!;
    expect(computeCostMicros(mini, usage({ inputTokens: 100, outputTokens: 200, inputAudioTokens: 60, outputAudioTokens: 150 }))).toBe(
      135n,
    ); // 100 x 0.15 + 200 x 0.60
  });
});

describe("prices at the request's time", () => {
  const PEAK = { input: 270_000n, output: 1_100_000n }; // deepseek-chat, UTC 00:30-16:30
  const OFF = { input: 135_000n, output: 550_000n };

  it("prices each request at its own time, not at the first lookup's", () => {
    expect(cataloguePrice("deepseek", "deepseek-chat", at("2026-11-22T12:00:00Z"))!.output.base).toBe(PEAK.output);
    expect(cataloguePrice("deepseek", "deepseek-chat", at("2026-11-22T20:00:00Z"))!.output.base).toBe(OFF.output);
    expect(cataloguePrice("deepseek", "deepseek-chat", at("2026-11-23T00:29:59Z"))!.output.base).toBe(OFF.output);
    expect(cataloguePrice("deepseek", "deepseek-chat", at("2026-11-23T00:30:00Z"))!.output.base).toBe(PEAK.output);
    // a dated change: o3 cost $10/$40 before 2025-06-10, $2/$8 after
    expect(cataloguePrice("openai", "o3", at("2025-06-01T00:00:00Z"))!.output.base).toBe(40_000_000n);
    expect(cataloguePrice("openai", "o3", at("2025-06-11T00:00:00Z"))!.output.base).toBe(8_000_000n);
    // dated long-context tiers: claude-sonnet-4-6 had them until 2026-03-13
    expect(cataloguePrice("anthropic", "claude-sonnet-4-6", at("2026-03-01T00:00:00Z"))!.input.tiers).toHaveLength(1);
    expect(cataloguePrice("anthropic", "claude-sonnet-4-6", at("2026-03-14T00:00:00Z"))!.input.tiers).toHaveLength(0);
  });

  it("reserves at the dearer of the current and the next price", () => {
    const offPeak = catalogueQuote("deepseek", "deepseek-chat", at("2026-11-23T00:29:00Z"))!;
    expect(offPeak.now.output.base).toBe(OFF.output);
    expect(offPeak.dearest.output.base).toBe(PEAK.output);
    expect(offPeak.dearest.input.base).toBe(PEAK.input);
    expect(maxCostMicros(offPeak.dearest, 1_000, 1_000)).toBe(1_370n); // 1000 x 0.27 + 1000 x 1.10
    const peak = catalogueQuote("deepseek", "deepseek-chat", at("2026-11-22T12:00:00Z"))!;
    expect(peak.dearest.output.base).toBe(PEAK.output); // the next change (16:30) is cheaper
    // the quote is cached until the next change: no catalogue work per request
    expect(catalogueQuote("deepseek", "deepseek-chat", at("2026-11-22T12:00:01Z"))).toBe(peak);
    expect(peak.until).toBe(at("2026-11-22T16:30:00Z"));
  });

  it("settles a request that ran across a change at the dearer of its start and end prices", () => {
    const quote = catalogueQuote("deepseek", "deepseek-chat", at("2026-11-23T00:29:00Z"))!;
    const meter = {
      usage: usage({ inputTokens: 1_000, outputTokens: 1_000 }),
      complete: true,
      failed: false,
      outputChars: 0,
      sawReasoning: false,
      lostEvents: false,
    };
    const base = { holdMicros: 2_000n, price: quote, facts: null, bodyBytes: 10 };
    const ended = { kind: "completed", status: 200, meter, ttfbMs: 5 } as const;
    expect(chargeFor(base, ended, at("2026-11-23T00:29:30Z")).costMicros).toBe(685n); // 1000 x 0.135 + 1000 x 0.55
    expect(chargeFor(base, ended, at("2026-11-23T00:31:00Z")).costMicros).toBe(1_370n);
  });
});

describe("owner overrides over the catalogue", () => {
  // the owner's claude-sonnet-4-5 at $2/M in (catalogue $3) and $10/M out (catalogue $15)
  const row = {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    inputMicrosPerMtok: 2_000_000n,
    outputMicrosPerMtok: 10_000_000n,
    cacheReadMicrosPerMtok: null,
    cacheWriteMicrosPerMtok: null,
    cacheWrite1hMicrosPerMtok: null,
  };

  it("takes the rates the owner left unset from the catalogue, in proportion: cache surcharges and long-context tiers", () => {
    const price = overridePrice(row, cataloguePrice("anthropic", "claude-sonnet-4-5")!);
    expect(price.input).toEqual({ base: 2_000_000n, tiers: [{ start: 200_000, price: 4_000_000n }] }); // the catalogue doubles input above 200k
    expect(price.output).toEqual({ base: 10_000_000n, tiers: [{ start: 200_000, price: 15_000_000n }] }); // and multiplies output by 1.5
    expect(price.cacheWrite.base).toBe(2_500_000n); // 1.25 x input
    expect(price.cacheWrite1h.base).toBe(4_000_000n); // 2 x input
    expect(price.cacheRead.base).toBe(200_000n); // 0.1 x input
    // 100 uncached + 1000 written for 1 hour + 100 out: 100 x 2 + 1000 x 4 + 100 x 10 (the old override: 1000 x 2 for the writes)
    expect(
      computeCostMicros(price, usage({ inputTokens: 1_100, cacheWriteTokens: 1_000, cacheWrite1hTokens: 1_000, outputTokens: 100 })),
    ).toBe(5_200n);
    // above 200k input tokens the tiers apply: 200001 x 4 + 10 x 15 (the old override: 200001 x 2 + 10 x 10)
    expect(computeCostMicros(price, usage({ inputTokens: 200_001, outputTokens: 10 }))).toBe(800_154n);
    expect(maxCostMicros(price, 1_000, 0)).toBe(4_000n); // reserved at the 1-hour write rate, not at the owner's $2
  });

  it("keeps the owner's rates where they are set; free input makes every input class free", () => {
    const catalogue = cataloguePrice("anthropic", "claude-sonnet-4-5")!;
    const price = overridePrice({ ...row, cacheWriteMicrosPerMtok: 9_000_000n }, catalogue);
    expect(price.cacheWrite).toEqual({ base: 9_000_000n, tiers: [] });
    expect(price.cacheWrite1h.base).toBe(4_000_000n); // unset: the catalogue's, in proportion
    const free = overridePrice({ ...row, inputMicrosPerMtok: 0n }, catalogue);
    expect([free.input, free.cacheRead, free.cacheWrite, free.cacheWrite1h].map((r) => r.base)).toEqual([0n, 0n, 0n, 0n]);
    // a model the catalogue does not know: unset cache rates are the input rate, as before
    const unknown = overridePrice({ ...row, model: "my-finetune" }, null);
    expect([unknown.cacheRead, unknown.cacheWrite, unknown.cacheWrite1h].map((r) => r.base)).toEqual([2_000_000n, 2_000_000n, 2_000_000n]);
  });

  it("is merged into every price of the catalogue's schedule, the owner's rates holding at every hour", () => {
    const schedule = overrideSchedule(
      { ...row, provider: "deepseek", model: "deepseek-chat" },
      catalogueQuote("deepseek", "deepseek-chat", 0)!.schedule,
    );
    for (const hour of ["2026-11-22T12:00:00Z", "2026-11-22T20:00:00Z"]) {
      const price = quoteAt(schedule, at(hour)).now;
      expect([price.input.base, price.output.base, price.cacheRead.base]).toEqual([2_000_000n, 10_000_000n, 518_519n]); // cache hits at 0.035/0.135 (and 0.07/0.27) of input, rounded up
    }
  });
});
