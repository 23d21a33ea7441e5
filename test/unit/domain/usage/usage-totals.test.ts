/**
 * Usage sums and views: a database sum over no rows is zero, not null; money stays an exact bigint
 * until the view writes it as a decimal string of µ$; an event's view carries every token class.
 */
import { describe, expect, it } from "vitest";
import { toUsageTotalsView, totalsFromSums, ZERO_TOTALS } from "@/lib/domain/usage/usage-totals";
import { toUsageEventView, usageEventView } from "@/lib/domain/usage/usage-event-view";

describe("usage totals", () => {
  it("count a sum over no rows as zero", () => {
    const empty = {
      inputTokens: null,
      outputTokens: null,
      cacheReadTokens: null,
      cacheWriteTokens: null,
      cacheWrite1hTokens: null,
      reasoningTokens: null,
      costMicros: null,
    };
    expect(totalsFromSums(0, empty)).toEqual(ZERO_TOTALS);
  });

  it("keep every token class and the exact cost, written as µ$ in the view", () => {
    const totals = totalsFromSums(3, {
      inputTokens: 1200,
      outputTokens: 340,
      cacheReadTokens: 800,
      cacheWriteTokens: 100,
      cacheWrite1hTokens: 40,
      reasoningTokens: 90,
      costMicros: 9_007_199_254_740_993n, // beyond a double's exact range
    });
    expect(toUsageTotalsView(totals)).toEqual({
      requests: 3,
      input_tokens: 1200,
      output_tokens: 340,
      cache_read_tokens: 800,
      cache_write_tokens: 100,
      cache_write_1h_tokens: 40,
      reasoning_tokens: 90,
      input_audio_tokens: 0,
      output_audio_tokens: 0,
      input_image_tokens: 0,
      output_image_tokens: 0,
      cost_micros: "9007199254740993",
    });
  });
});

describe("toUsageEventView", () => {
  const event = {
    id: "pxr_1",
    userId: "usr_1",
    grantId: "grt_1",
    scopeId: "gsc_1",
    provider: "openai",
    model: "gpt-4o-mini",
    endpoint: "chat/completions",
    status: 200,
    outcome: "ok",
    inputTokens: 120,
    outputTokens: 30,
    cacheReadTokens: 100,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: 10,
    inputAudioTokens: 0,
    outputAudioTokens: 0,
    inputImageTokens: 0,
    outputImageTokens: 0,
    costMicros: 36n,
    estimated: false,
    latencyMs: 812,
    ttfbMs: 95,
    createdAt: new Date("2026-11-22T12:00:00.250Z"),
  };

  it("shows one proxied request with its app's name, token classes and exact cost, matching the API schema", () => {
    const view = toUsageEventView(event, new Map([["grt_1", "Notes app"]]));
    expect(view).toEqual({
      id: "pxr_1",
      grant_id: "grt_1",
      client_name: "Notes app",
      provider: "openai",
      model: "gpt-4o-mini",
      endpoint: "chat/completions",
      status: 200,
      outcome: "ok",
      input_tokens: 120,
      output_tokens: 30,
      cache_read_tokens: 100,
      cache_write_tokens: 0,
      cache_write_1h_tokens: 0,
      reasoning_tokens: 10,
      input_audio_tokens: 0,
      output_audio_tokens: 0,
      input_image_tokens: 0,
      output_image_tokens: 0,
      cost_micros: "36",
      estimated: false,
      latency_ms: 812,
      ttfb_ms: 95,
      created_at: "2026-11-22T12:00:00.250Z",
    });
    expect(usageEventView.strict().parse(view)).toEqual(view);
  });

  it("leaves the app's name empty when the grant is not the viewer's (or is gone), and never shows the owner", () => {
    const view = toUsageEventView(event, new Map());
    expect(view.client_name).toBeNull();
    expect(JSON.stringify(view)).not.toContain("usr_1");
  });
});
