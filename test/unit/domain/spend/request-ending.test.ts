/**
 * Every way an admitted request can end, what it is charged and what its usage event records, in
 * exact micro-dollars at gpt-4o-mini's prices ($0.15/M input, $0.60/M output), for a 4,000-byte
 * forwarded body (input bound 4,000 tokens) held at 50,000 µ$.
 */
import { describe, expect, it } from "vitest";
import { catalogueQuote } from "@/lib/engines/pricing/catalogue-price";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { providerRequest } from "@/test/support/provider-request";
import { withInputBound } from "@/lib/engines/providers/read-request-facts";
import { ZERO_USAGE, type MeterResult, type TokenUsage } from "@/lib/engines/providers/types";
import { chargeFor, type ChargeBasis } from "@/lib/domain/spend/charge-for";
import { NOTHING_METERED, recordOf, type RequestEnding, type StopReason } from "@/lib/domain/spend/request-ending";
import { settlementFor } from "@/lib/domain/spend/settle-spend";

const openai = adapterFor("openai")!;
const NOW = Date.parse("2026-11-22T12:00:00Z");
const HOLD = 50_000n;
const REASONS: StopReason[] = ["client_abort", "revoked", "expired", "shutdown", "timeout", "upstream_reset"];
const OUTCOME: Record<StopReason, string> = {
  client_abort: "client_abort",
  revoked: "revoked",
  expired: "revoked",
  shutdown: "shutdown",
  timeout: "timeout",
  upstream_reset: "upstream_error",
};

function basis(stream: boolean, model = "gpt-4o-mini", holdMicros = HOLD): ChargeBasis {
  const body = { model, messages: [{ role: "user", content: "x" }], stream, max_tokens: 1_000 };
  return {
    holdMicros,
    price: catalogueQuote("openai", model, NOW),
    facts: withInputBound(openai.requestFacts(providerRequest(openai, "chat/completions", body)), 4_000),
    bodyBytes: 4_000,
  };
}

const tokens = (inputTokens: number, outputTokens: number): TokenUsage => ({ ...ZERO_USAGE, inputTokens, outputTokens });
const metered = (m: Partial<MeterResult>): MeterResult => ({ ...NOTHING_METERED, ...m });
const final = (usage: TokenUsage, m: Partial<MeterResult> = {}) => metered({ usage, complete: true, ...m });

describe("not sent: nothing reached the provider", () => {
  it("charges nothing, whatever stopped it, and records the reason with no status", () => {
    for (const reason of REASONS) {
      const ending: RequestEnding = { kind: "not_sent", reason };
      expect(chargeFor(basis(false), ending, NOW)).toEqual({ usage: ZERO_USAGE, costMicros: 0n, estimated: false });
      expect(recordOf(ending)).toEqual({ status: 0, outcome: OUTCOME[reason], ttfbMs: null });
    }
  });
});

describe("no answer: sent, but the status line never came", () => {
  it("estimates a stream from the body's bytes (about four per token), flagged", () => {
    expect(chargeFor(basis(true), { kind: "no_answer", reason: "timeout" }, NOW)).toEqual({
      usage: tokens(1_000, 0),
      costMicros: 150n,
      estimated: true,
    });
  });

  it("charges the hold for a non-streamed call or a reasoning model (the provider may be generating all of it)", () => {
    expect(chargeFor(basis(false), { kind: "no_answer", reason: "upstream_reset" }, NOW)).toMatchObject({
      costMicros: HOLD,
      estimated: true,
    });
    expect(chargeFor(basis(true, "o3-mini"), { kind: "no_answer", reason: "shutdown" }, NOW)).toMatchObject({ costMicros: HOLD });
  });

  it("records the reason with no status and no first byte", () => {
    for (const reason of REASONS)
      expect(recordOf({ kind: "no_answer", reason })).toEqual({ status: 0, outcome: OUTCOME[reason], ttfbMs: null });
  });
});

describe("refused: the provider rejected the key or redirected", () => {
  it("charges nothing and records an upstream error with the provider's status", () => {
    for (const status of [401, 403, 302]) {
      const ending: RequestEnding = { kind: "refused", status, ttfbMs: 12 };
      expect(chargeFor(basis(false), ending, NOW)).toEqual({ usage: ZERO_USAGE, costMicros: 0n, estimated: false });
      expect(recordOf(ending)).toEqual({ status, outcome: "upstream_error", ttfbMs: 12 });
    }
  });
});

describe("upstream error: an error status with its body read to the end", () => {
  const ending = (meter: MeterResult): RequestEnding => ({ kind: "upstream_error", status: 429, meter, ttfbMs: 30 });

  it("charges nothing when the error reports no usage", () => {
    expect(chargeFor(basis(false), ending(NOTHING_METERED), NOW)).toEqual({ usage: ZERO_USAGE, costMicros: 0n, estimated: false });
  });

  it("charges the usage the error reported, partial or final, exactly", () => {
    expect(chargeFor(basis(false), ending(metered({ usage: tokens(100, 0) })), NOW)).toEqual({
      usage: tokens(100, 0),
      costMicros: 15n,
      estimated: false,
    }); // 100 x 0.15
    expect(chargeFor(basis(false), ending(final(tokens(1_000, 500))), NOW)).toMatchObject({ costMicros: 450n, estimated: false });
  });

  it("records an upstream error with the provider's status", () => {
    expect(recordOf(ending(NOTHING_METERED))).toEqual({ status: 429, outcome: "upstream_error", ttfbMs: 30 });
  });
});

describe("completed: the whole answer arrived", () => {
  const ending = (meter: MeterResult, ttfbMs: number | null = 40): RequestEnding => ({ kind: "completed", status: 200, meter, ttfbMs });

  it("with usage: its exact cost, even above the hold", () => {
    expect(chargeFor(basis(false), ending(final(tokens(1_000, 500))), NOW)).toEqual({
      usage: tokens(1_000, 500),
      costMicros: 450n,
      estimated: false,
    }); // 1000 x 0.15 + 500 x 0.60
    expect(chargeFor(basis(false, "gpt-4o-mini", 100n), ending(final(tokens(1_000, 500))), NOW)).toMatchObject({
      costMicros: 450n,
      estimated: false,
    });
  });

  it("with usage but an event too large to read: at least the hold, flagged", () => {
    expect(chargeFor(basis(true), ending(final(tokens(1_000, 500), { lostEvents: true })), NOW)).toMatchObject({
      costMicros: HOLD,
      estimated: true,
    });
    // usage dearer than the hold is charged as reported
    expect(chargeFor(basis(true, "gpt-4o-mini", 100n), ending(final(tokens(1_000, 500), { lostEvents: true })), NOW)).toMatchObject({
      costMicros: 450n,
      estimated: false,
    });
  });

  it("without usage: the input at its bound plus the text seen, never above the hold", () => {
    expect(chargeFor(basis(false), ending(metered({ outputChars: 400 })), NOW)).toEqual({
      usage: tokens(4_000, 100),
      costMicros: 660n,
      estimated: true,
    }); // 4000 x 0.15 + 100 x 0.60
    expect(chargeFor(basis(false, "gpt-4o-mini", 500n), ending(metered({ outputChars: 400 })), NOW)).toMatchObject({ costMicros: 500n });
  });

  it("without usage and without a price: 1 µ$ when something was held, nothing when nothing was", () => {
    const unpriced = { ...basis(false), price: null };
    expect(chargeFor(unpriced, ending(NOTHING_METERED), NOW)).toMatchObject({ costMicros: 1n, estimated: true });
    expect(chargeFor({ ...unpriced, holdMicros: 0n }, ending(NOTHING_METERED), NOW)).toMatchObject({ costMicros: 0n, estimated: true });
  });

  it("records ok, or an upstream error when the provider signalled one in the answer", () => {
    expect(recordOf(ending(NOTHING_METERED, null))).toEqual({ status: 200, outcome: "ok", ttfbMs: null });
    expect(recordOf(ending(metered({ failed: true })))).toEqual({ status: 200, outcome: "upstream_error", ttfbMs: 40 });
  });
});

describe("cut: the answer had begun and was stopped", () => {
  const ending = (meter: MeterResult, reason: StopReason = "client_abort"): RequestEnding => ({
    kind: "cut",
    status: 200,
    reason,
    meter,
    ttfbMs: 25,
  });

  it("charges final usage that arrived before the cut exactly", () => {
    expect(chargeFor(basis(true), ending(final(tokens(1_000, 500))), NOW)).toMatchObject({ costMicros: 450n, estimated: false });
  });

  it("estimates a cut stream, and charges the hold where the estimate cannot be trusted", () => {
    expect(chargeFor(basis(true), ending(metered({ outputChars: 400 })), NOW)).toMatchObject({ costMicros: 660n, estimated: true });
    expect(chargeFor(basis(false), ending(NOTHING_METERED), NOW)).toMatchObject({ costMicros: HOLD, estimated: true }); // a body cut while read
    expect(chargeFor(basis(true, "o3-mini"), ending(metered({ outputChars: 40 })), NOW)).toMatchObject({ costMicros: HOLD });
    expect(chargeFor(basis(true), ending(metered({ outputChars: 40, sawReasoning: true })), NOW)).toMatchObject({ costMicros: HOLD });
    expect(chargeFor(basis(true), ending(metered({ outputChars: 40, lostEvents: true })), NOW)).toMatchObject({ costMicros: HOLD });
  });

  it("charges the same whoever cut it, and records why", () => {
    for (const reason of REASONS) {
      expect(chargeFor(basis(true), ending(metered({ outputChars: 400 }), reason), NOW)).toMatchObject({ costMicros: 660n });
      expect(recordOf(ending(NOTHING_METERED, reason))).toEqual({ status: 200, outcome: OUTCOME[reason], ttfbMs: 25 });
    }
  });
});

describe("the settlement", () => {
  it("carries the hold, the model, the record and the charge of the ending", () => {
    const request = { ...basis(false), holdId: "pxr_1", startedAtMs: NOW - 1_000 };
    expect(settlementFor(request, { kind: "completed", status: 200, meter: final(tokens(1_000, 500)), ttfbMs: 40 }, NOW)).toEqual({
      holdId: "pxr_1",
      holdMicros: HOLD,
      model: "gpt-4o-mini",
      startedAtMs: NOW - 1_000,
      status: 200,
      outcome: "ok",
      ttfbMs: 40,
      charge: { usage: tokens(1_000, 500), costMicros: 450n, estimated: false },
    });
    expect(settlementFor({ ...request, facts: null }, { kind: "not_sent", reason: "shutdown" }, NOW)).toMatchObject({
      model: null,
      status: 0,
      outcome: "shutdown",
      charge: { costMicros: 0n },
    });
  });

  it("refuses an ending it does not know", () => {
    expect(() => chargeFor(basis(false), { kind: "vanished" } as unknown as RequestEnding, NOW)).toThrow(/unhandled request ending/);
    expect(() => recordOf({ kind: "vanished" } as unknown as RequestEnding)).toThrow(/unhandled request ending/);
  });
});
