/** The byte-safe SSE splitter and event parser: every byte kept, every line ending, every split. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSseEvent } from "@/lib/foundation/sse/parse-sse-event";
import { SseEventSplitter, type SseSegment } from "@/lib/foundation/sse/sse-event-splitter";

function run(chunks: Buffer[]): SseSegment[] {
  const splitter = new SseEventSplitter();
  const out = chunks.flatMap((c) => splitter.push(c));
  const rest = splitter.flush();
  return rest ? [...out, rest] : out;
}

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

const events = (segments: SseSegment[]) =>
  segments
    .filter((s) => s.complete)
    .map((s) => parseSseEvent(s.bytes))
    .filter((e) => e !== null);

describe("SseEventSplitter", () => {
  const stream = Buffer.from("event: a\ndata: 1\n\n: comment\r\ndata: x\r\ndata:y\r\n\r\nevent: c\rdata: é😊\r\rdata: [DONE]\n\n");
  const expected = [
    { event: "a", data: "1" },
    { event: "message", data: "x\ny" },
    { event: "c", data: "é😊" },
    { event: "message", data: "[DONE]" },
  ];

  it("parses LF, CRLF and CR line endings and keeps every byte in order", () => {
    const segments = run([stream]);
    expect(Buffer.concat(segments.map((s) => s.bytes)).equals(stream)).toBe(true);
    expect(events(segments)).toEqual(expected);
  });

  it("gives the same events and bytes at every split offset, and byte by byte", () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const segments = run(splitAt(stream, [cut]));
      expect(Buffer.concat(segments.map((s) => s.bytes)).equals(stream), `cut ${cut}`).toBe(true);
      expect(events(segments), `cut ${cut}`).toEqual(expected);
    }
    const bytewise = run([...stream].map((b) => Buffer.from([b])));
    expect(events(bytewise)).toEqual(expected);
    expect(Buffer.concat(bytewise.map((s) => s.bytes)).equals(stream)).toBe(true);
  });

  it("holds CRLF-terminated events split between CR and LF (property: any splits)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 12 }), (cuts) => {
        const segments = run(splitAt(stream, cuts));
        return Buffer.concat(segments.map((s) => s.bytes)).equals(stream) && JSON.stringify(events(segments)) === JSON.stringify(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("returns an unterminated last event from flush, not as a complete event", () => {
    const splitter = new SseEventSplitter();
    expect(splitter.push(Buffer.from("data: 1\n\ndata: 2"))).toHaveLength(1);
    const rest = splitter.flush()!;
    expect(rest.complete).toBe(false);
    expect(parseSseEvent(rest.bytes)).toEqual({ event: "message", data: "2" });
    expect(splitter.flush()).toBeNull();
  });

  it("passes a runaway event on instead of holding unbounded memory", () => {
    const splitter = new SseEventSplitter(1024);
    const out = splitter.push(Buffer.alloc(4096, 0x61));
    expect(out).toHaveLength(1);
    expect(out[0]!.bytes.length).toBe(4096);
    expect(out[0]).toMatchObject({ complete: false, oversize: true });
  });

  it("marks every piece of a runaway event oversize, up to its blank line, and the next event complete again", () => {
    const splitter = new SseEventSplitter(1024);
    const head = splitter.push(Buffer.from("data: " + "a".repeat(2000)));
    const tail = splitter.push(Buffer.from('aaa"usage":{}}\n\ndata: 2\n\n'));
    expect(head).toEqual([{ bytes: expect.any(Buffer), complete: false, oversize: true }]);
    expect(tail.map((s) => [s.bytes.toString(), s.complete, s.oversize])).toEqual([
      ['aaa"usage":{}}\n\n', false, true],
      ["data: 2\n\n", true, undefined],
    ]);
    expect(splitter.push(Buffer.from("data: " + "b".repeat(2000)))).toMatchObject([{ complete: false, oversize: true }]);
    expect(splitter.push(Buffer.from("bb"))).toEqual([]);
    expect(splitter.flush()).toMatchObject({ bytes: Buffer.from("bb"), complete: false, oversize: true }); // the stream ended inside it
  });
});
