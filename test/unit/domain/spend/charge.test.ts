/**
 * What a request is charged when the provider's usage is missing or cannot be trusted, in exact micro-dollars at gpt-4o-mini's prices
 * ($0.15/M input, $0.60/M output).
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { catalogueQuote } from "@/lib/engines/pricing/catalogue-price";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { withInputBound } from "@/lib/engines/providers/read-request-facts";
import type { MeterResult } from "@/lib/engines/providers/types";
import { meteredStream } from "@/lib/surfaces/proxy/meter-stream";
import { RequestStopper } from "@/lib/surfaces/proxy/request-stopper";
import { chargeFor, type ChargeBasis } from "@/lib/domain/spend/charge-for";
import type { RequestEnding } from "@/lib/domain/spend/request-ending";
import { providerRequest } from "@/test/support/provider-request";

const openai = adapterFor("openai")!;
const chat = openai.endpoint("POST", "chat/completions")!;
const NOW = Date.parse("2026-11-22T12:00:00Z");
const NOTHING: MeterResult = { usage: null, complete: false, failed: false, outputChars: 0, sawReasoning: false, lostEvents: false };

function basis(model: string, stream: boolean): ChargeBasis {
  const body = { model, messages: [{ role: "user", content: "x" }], stream, max_tokens: 1_000 };
  const facts = withInputBound(openai.requestFacts(providerRequest(openai, "chat/completions", body)), 4_000); // a 4,000-byte forwarded body: bound 4,000 tokens
  return { holdMicros: 50_000n, price: catalogueQuote("openai", model, NOW), facts, bodyBytes: 4_000 };
}

/** The answer had begun when the client left. */
const cut = (meter: Partial<MeterResult> = {}): RequestEnding => ({
  kind: "cut",
  status: 200,
  reason: "client_abort",
  meter: { ...NOTHING, ...meter },
  ttfbMs: 5,
});
/** The provider ended the answer itself. */
const completed = (meter: Partial<MeterResult> = {}): RequestEnding => ({
  kind: "completed",
  status: 200,
  meter: { ...NOTHING, ...meter },
  ttfbMs: 5,
});
const noAnswer: RequestEnding = { kind: "no_answer", reason: "client_abort" };
const notSent: RequestEnding = { kind: "not_sent", reason: "client_abort" };

function charge(model: string, stream: boolean, ending: RequestEnding, facts: Partial<NonNullable<ChargeBasis["facts"]>> = {}) {
  const b = basis(model, stream);
  return chargeFor({ ...b, facts: { ...b.facts!, ...facts } }, ending, NOW);
}

describe("estimates never too low", () => {
  it("charges the input at its bound once the provider answered (a cut stream)", () => {
    // 4000 input tokens x 0.15 + 100 output tokens (400 characters) x 0.60 = 660 µ$ (was 1000 x 0.15 + 60 = 210)
    expect(charge("gpt-4o-mini", true, cut({ outputChars: 400 }))).toMatchObject({
      costMicros: 660n,
      estimated: true,
      usage: { inputTokens: 4_000, outputTokens: 100 },
    });
  });

  it("keeps the byte guess for a stream cut before the provider answered", () => {
    expect(charge("gpt-4o-mini", true, noAnswer)).toMatchObject({
      costMicros: 150n,
      usage: { inputTokens: 1_000, outputTokens: 0 },
    }); // 4000 bytes / 4
  });

  it("charges the hold for a non-streamed call cut before its answer arrived", () => {
    expect(charge("gpt-4o-mini", false, noAnswer)).toMatchObject({ costMicros: 50_000n, estimated: true });
    expect(charge("gpt-4o-mini", false, cut())).toMatchObject({ costMicros: 50_000n, estimated: true }); // cut while reading the body
  });

  it("charges the hold for a cut stream of a reasoning model, or one that showed reasoning", () => {
    expect(charge("o3-mini", true, cut({ outputChars: 40 }))).toMatchObject({ costMicros: 50_000n, estimated: true });
    expect(charge("gpt-4o-mini", true, cut({ outputChars: 40 }))).toMatchObject({ costMicros: 606n }); // 4000 x 0.15 + 10 x 0.60
    expect(charge("gpt-4o-mini", true, cut({ outputChars: 40, sawReasoning: true }))).toMatchObject({ costMicros: 50_000n });
    expect(charge("gpt-4o-mini", true, cut({ outputChars: 40 }), { reasoning: true })).toMatchObject({ costMicros: 50_000n });
  });

  it("still estimates a whole answer that came without usage, and charges nothing for a call never sent", () => {
    expect(charge("gpt-4o-mini", false, completed({ outputChars: 400 }))).toMatchObject({
      costMicros: 660n,
      estimated: true,
    });
    expect(charge("gpt-4o-mini", false, notSent)).toMatchObject({
      costMicros: 0n,
      estimated: false,
    });
  });

  it("knows which requests ask for reasoning", () => {
    const facts = (body: Record<string, unknown>) =>
      openai.requestFacts(providerRequest(openai, "chat/completions", { model: "gpt-4o-mini", messages: [], ...body })).reasoning;
    expect([facts({}), facts({ reasoning_effort: "none" }), facts({ model: "gpt-5-chat-latest" }), facts({ model: "gpt-4.1" })]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect([
      facts({ reasoning_effort: "low" }),
      facts({ model: "o4-mini" }),
      facts({ model: "gpt-5" }),
      facts({ model: "openai/o3" }),
      facts({ model: "deepseek-reasoner" }),
      facts({ reasoning: { effort: "high" } }),
    ]).toEqual([true, true, true, true, true, true]);
    const anthropic = adapterFor("anthropic")!;
    const messages = (body: Record<string, unknown>) => providerRequest(anthropic, "v1/messages", body);
    expect(
      anthropic.requestFacts(
        messages({
          model: "claude-sonnet-4-5",
          max_tokens: 2_000,
          messages: [],
          thinking: { type: "enabled", budget_tokens: 1_024 },
        }),
      ).reasoning,
    ).toBe(true);
    expect(anthropic.requestFacts(messages({ model: "claude-sonnet-4-5", max_tokens: 2_000, messages: [] })).reasoning).toBe(false);
  });
});

describe("usage that cannot be trusted", () => {
  const chunk = (content: string, usage: unknown = null, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content }, finish_reason: finish }], usage })}\n\n`;

  /** Through the real metered stream, in 64 KiB chunks as a socket delivers them. */
  async function meter(sse: string): Promise<MeterResult> {
    const m = openai.newMeter(chat);
    const bytes = Buffer.from(sse);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 65_536) chunks.push(bytes.subarray(i, i + 65_536));
    const stream = meteredStream({
      requestId: "pxr_test",
      body: Readable.from(chunks),
      adapter: openai,
      framing: openai.streamFraming(chat, "text/event-stream")!,
      meter: m,
      dropInjectedUsage: false,
      redact: (b) => b,
      idleTimeoutMs: 10_000,
      stopper: new RequestStopper(),
      onFirstByte: () => undefined,
      finish: async () => undefined,
    });
    let passed = 0;
    for await (const out of stream) passed += out.length;
    expect(passed).toBe(bytes.length); // every byte still reaches the client
    return m.result();
  }

  it("a running usage total on a chunk that is not the last one is not final", async () => {
    const cut = await meter(
      chunk("a", { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 }) +
        chunk("b", { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 }),
    );
    expect(cut).toMatchObject({ complete: false, usage: { inputTokens: 9, outputTokens: 2 } });
    const ended = await meter(
      chunk("a", { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 }) +
        chunk("b", { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 }, "stop"),
    );
    expect(ended).toMatchObject({ complete: true, usage: { outputTokens: 2 } });
    const done = await meter(chunk("a", { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 }) + "data: [DONE]\n\n");
    expect(done).toMatchObject({ complete: true, usage: { outputTokens: 1 } });
  });

  it("a stream cut after a running total is estimated with the total as a floor", () => {
    const result: MeterResult = {
      ...NOTHING,
      usage: { inputTokens: 9, outputTokens: 700, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 },
      complete: false,
      outputChars: 40,
    };
    expect(charge("gpt-4o-mini", true, cut(result))).toMatchObject({
      estimated: true,
      usage: { inputTokens: 9, outputTokens: 700 },
      costMicros: 422n,
    }); // 9 x 0.15 + 700 x 0.60
  });

  it("an event over 4 MiB is passed on unread, and the stream is charged the hold", async () => {
    const huge = chunk("x".repeat(5 * 1024 * 1024), { prompt_tokens: 9, completion_tokens: 1_300_000, total_tokens: 1_300_009 }, "stop");
    const result = await meter(chunk("a", { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 }) + huge + "data: [DONE]\n\n");
    expect(result.lostEvents).toBe(true);
    expect(charge("gpt-4o-mini", true, completed(result))).toMatchObject({ costMicros: 50_000n, estimated: true });
    // without a usage at all, the same
    const bare = await meter(chunk("x".repeat(5 * 1024 * 1024), null, "stop"));
    expect(charge("gpt-4o-mini", true, completed(bare))).toMatchObject({ costMicros: 50_000n, estimated: true });
  });
});
