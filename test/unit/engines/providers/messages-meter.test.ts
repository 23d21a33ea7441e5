/** The Anthropic meter's reasoning flag: thinking deltas mark a stream whose cut output cannot be estimated. */
import { describe, expect, it } from "vitest";
import { MessagesMeter } from "@/lib/engines/providers/anthropic/messages-meter";

const event = (data: object) => ({ event: (data as { type: string }).type, data: JSON.stringify(data) }) as never;
const start = { type: "message_start", message: { usage: { input_tokens: 12, output_tokens: 1 } } };

function feed(...events: object[]) {
  const meter = new MessagesMeter();
  for (const e of events) meter.onEvent(event(e), e);
  return meter.result();
}

describe("MessagesMeter", () => {
  it("marks a stream with thinking deltas as reasoning, counts their characters, and is not final when cut", () => {
    const result = feed(start, { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Let me think" } });
    expect(result).toMatchObject({ sawReasoning: true, complete: false, outputChars: 12 });
    expect(result.usage).toMatchObject({ inputTokens: 12, outputTokens: 1 });
  });

  it("leaves a plain text stream unmarked", () => {
    const result = feed(
      start,
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello" } },
      { type: "message_delta", usage: { output_tokens: 3 } },
    );
    expect(result).toMatchObject({ sawReasoning: false, complete: true, outputChars: 5 });
    expect(result.usage).toMatchObject({ outputTokens: 3 });
  });
});
