/**
 * Every recorded stream through the real metered stream (lib/surfaces/proxy/meter-stream.ts), split at every
 * byte offset: the client gets exactly the provider's bytes (minus the usage chunk the vault asked
 * for, when the client did not), and the meter reports exact token classes and micro-dollars.
 */
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { computeCostMicros } from "@/lib/engines/pricing/compute-cost";
import { cataloguePrice } from "@/lib/engines/pricing/catalogue-price";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import type { MeterResult } from "@/lib/engines/providers/types";
import { meteredStream } from "@/lib/surfaces/proxy/meter-stream";
import { RequestStopper } from "@/lib/surfaces/proxy/request-stopper";
import { fixture } from "@/test/support/fixtures";
import { waitFor } from "@/test/support/wait-for";

type Case = {
  file: string;
  provider: string;
  path: string;
  catalogue: string;
  model: string;
  usage: MeterResult["usage"];
  complete: boolean;
  failed: boolean;
  costMicros: bigint | null;
  outputChars?: number;
  /** The response's content type (default: text/event-stream). */
  contentType?: string;
};

const CASES: Case[] = [
  {
    file: "openai/chat-stream-usage.sse",
    provider: "openai",
    path: "chat/completions",
    catalogue: "openai",
    model: "gpt-4o-mini",
    usage: { inputTokens: 19, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 },
    complete: true,
    failed: false,
    costMicros: 9n, // 19 x $0.15/M + 10 x $0.60/M = 8.85 µ$, rounded up
  },
  {
    file: "openai/chat-stream-reasoning.sse",
    provider: "openai",
    path: "chat/completions",
    catalogue: "openai",
    model: "o3-mini",
    usage: { inputTokens: 75, outputTokens: 260, cacheReadTokens: 64, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 192 },
    complete: true,
    failed: false,
    costMicros: 1192n, // 11 x 1.10 + 64 x 0.55 + 260 x 4.40 ($/M) = 1191.3 µ$
  },
  {
    file: "openai/chat-stream-error.sse",
    provider: "openai",
    path: "chat/completions",
    catalogue: "openai",
    model: "gpt-4o-mini",
    usage: null,
    complete: false,
    failed: true,
    costMicros: null,
    outputChars: 16,
  },
  {
    file: "openai/responses-stream.sse",
    provider: "openai",
    path: "responses",
    catalogue: "openai",
    model: "gpt-4.1-mini",
    usage: { inputTokens: 37, outputTokens: 11, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 },
    complete: true,
    failed: false,
    costMicros: 33n, // 37 x 0.40 + 11 x 1.60 = 32.4 µ$
  },
  {
    file: "anthropic/message-stream-cache-5m.sse",
    provider: "anthropic",
    path: "v1/messages",
    catalogue: "anthropic",
    model: "claude-sonnet-4-5",
    // input 21 + 1024 written to the 5-minute cache; message_delta's cumulative counters overwrite (57, not 58; input not doubled)
    usage: { inputTokens: 1045, outputTokens: 57, cacheReadTokens: 0, cacheWriteTokens: 1024, cacheWrite1hTokens: 0, reasoningTokens: 0 },
    complete: true,
    failed: false,
    costMicros: 4758n, // 21 x 3 + 1024 x 3.75 + 57 x 15 = 4758 µ$
  },
  {
    file: "anthropic/message-stream-cache-1h.sse",
    provider: "anthropic",
    path: "v1/messages",
    catalogue: "anthropic",
    model: "claude-sonnet-4-5",
    usage: {
      inputTokens: 6056,
      outputTokens: 120,
      cacheReadTokens: 4000,
      cacheWriteTokens: 2048,
      cacheWrite1hTokens: 1536,
      reasoningTokens: 0,
    },
    complete: true,
    failed: false,
    costMicros: 14160n, // 8 x 3 + 4000 x 0.30 + 512 x 3.75 + 1536 x 6 + 120 x 15 = 14160 µ$
  },
  {
    file: "anthropic/message-stream-error.sse",
    provider: "anthropic",
    path: "v1/messages",
    catalogue: "anthropic",
    model: "claude-sonnet-4-5",
    usage: { inputTokens: 310, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 },
    complete: false,
    failed: true,
    costMicros: null,
    outputChars: 31,
  },
  {
    file: "google/chat-stream-thoughts.sse",
    provider: "google",
    path: "chat/completions",
    catalogue: "google",
    model: "gemini-2.5-flash",
    // Google bills the 387 thought tokens on top of completion_tokens (total_tokens says so)
    usage: { inputTokens: 10, outputTokens: 439, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 387 },
    complete: true,
    failed: false,
    costMicros: 1101n, // 10 x 0.30 + 439 x 2.50 = 1100.5 µ$
  },
  {
    file: "google/stream-generate-thoughts.sse",
    provider: "google",
    path: "v1beta/models/gemini-2.5-flash:streamGenerateContent",
    catalogue: "google",
    model: "gemini-2.5-flash",
    // the last chunk's usageMetadata wins (316 thoughts, not 300 + 316); thoughts are added to the 27 candidates tokens;
    // the 2048 cached tokens are part of the 2060 prompt tokens
    usage: {
      inputTokens: 2060,
      outputTokens: 343,
      cacheReadTokens: 2048,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      reasoningTokens: 316,
    },
    complete: true,
    failed: false,
    costMicros: 923n, // 12 x 0.30 + 2048 x 0.03 + 343 x 2.50 = 922.54 µ$
  },
  {
    file: "google/stream-generate.json",
    provider: "google",
    path: "v1beta/models/gemini-2.0-flash:streamGenerateContent",
    catalogue: "google",
    model: "gemini-2.0-flash",
    contentType: "application/json; charset=UTF-8",
    usage: { inputTokens: 8, outputTokens: 42, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 },
    complete: true,
    failed: false,
    costMicros: 18n, // 8 x 0.10 + 42 x 0.40 = 17.6 µ$
  },
  {
    file: "google/stream-generate-error.sse",
    provider: "google",
    path: "v1beta/models/gemini-2.0-flash:streamGenerateContent",
    catalogue: "google",
    model: "gemini-2.0-flash",
    // the prompt count of the first chunk, then an error chunk: a failed call, estimated from what arrived
    usage: { inputTokens: 9, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 },
    complete: false,
    failed: true,
    costMicros: null,
    outputChars: 33,
  },
];

async function pipe(
  c: Case,
  chunks: Buffer[],
  dropInjectedUsage = false,
): Promise<{ out: Buffer; result: MeterResult; stopped: string | null }> {
  const adapter = adapterFor(c.provider)!;
  const endpoint = adapter.endpoint("POST", c.path)!;
  const meter = adapter.newMeter(endpoint);
  let stopped: string | null = "not finished";
  const stream = meteredStream({
    requestId: "pxr_test",
    body: Readable.from(chunks, { objectMode: false }),
    adapter,
    framing: adapter.streamFraming(endpoint, c.contentType ?? "text/event-stream")!,
    meter,
    dropInjectedUsage,
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

describe.each(CASES)("$file", (c) => {
  const bytes = fixture(c.file);

  it("passes the bytes through untouched and meters exact usage at every split offset", async () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { out, result, stopped } = await pipe(c, [bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(out.equals(bytes), `cut at ${cut}`).toBe(true);
      expect(result.usage, `cut at ${cut}`).toEqual(c.usage);
      expect(result.complete).toBe(c.complete);
      expect(result.failed).toBe(c.failed);
      expect(stopped).toBeNull();
      if (c.outputChars !== undefined) expect(result.outputChars).toBe(c.outputChars);
    }
  });

  it("gives the same result byte by byte", async () => {
    const { out, result } = await pipe(
      c,
      [...bytes].map((b) => Buffer.from([b])),
    );
    expect(out.equals(bytes)).toBe(true);
    expect(result.usage).toEqual(c.usage);
  });

  if (c.costMicros !== null) {
    it("costs exactly the expected micro-dollars", () => {
      const price = cataloguePrice(c.catalogue, c.model)!;
      expect(price).not.toBeNull();
      expect(computeCostMicros(price, c.usage!)).toBe(c.costMicros);
    });
  }
});

describe("the usage chunk the vault asked for", () => {
  const c = CASES[0]!;
  const bytes = fixture(c.file);
  const text = bytes.toString("utf8");
  const usageEvent = text.split("\n\n").find((e) => e.includes('"choices":[]'))! + "\n\n";

  it("is hidden from a client that did not ask, at every split offset, and still metered", async () => {
    const expected = Buffer.from(text.replace(usageEvent, ""));
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { out, result } = await pipe(c, [bytes.subarray(0, cut), bytes.subarray(cut)], true);
      expect(out.equals(expected), `cut at ${cut}`).toBe(true);
      expect(result.usage).toEqual(c.usage);
    }
  });
});

describe("a stream the client cancels before reading anything", () => {
  it("still finishes exactly once, as client_abort, and stops the upstream", async () => {
    const adapter = adapterFor("openai")!;
    const endpoint = adapter.endpoint("POST", "chat/completions")!;
    const body = new PassThrough(); // the provider's body: open, nothing sent yet
    const stopper = new RequestStopper();
    const aborted: Error[] = [];
    stopper.attach((error) => aborted.push(error));
    const finished: (string | null)[] = [];
    const stream = meteredStream({
      requestId: "pxr_test",
      body,
      adapter,
      framing: adapter.streamFraming(endpoint, "text/event-stream")!,
      meter: adapter.newMeter(endpoint),
      dropInjectedUsage: false,
      redact: (b) => b,
      idleTimeoutMs: 10_000,
      stopper,
      onFirstByte: () => undefined,
      finish: async (s) => void finished.push(s),
    });
    stream.cancel(); // e.g. the node adapter found the client gone before writing the head
    await waitFor(() => finished.length > 0, 1_000, "the stream to finish");
    expect(finished).toEqual(["client_abort"]);
    expect(aborted.map((e) => e.message)).toEqual(["request stopped: client_abort"]);
    // A consumer that pulls afterwards gets nothing, and nothing is settled twice.
    const out: Buffer[] = [];
    for await (const chunk of stream) out.push(chunk);
    body.end("data: {}\n\n");
    stream.cancel();
    await new Promise((r) => setImmediate(r));
    expect(out).toEqual([]);
    expect(finished).toEqual(["client_abort"]);
  });
});
