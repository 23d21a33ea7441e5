/** The byte-safe JSON array splitter: every byte kept, each element whole, at every split. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonArraySplitter, type JsonArraySegment } from "@/lib/foundation/json-stream/json-array-splitter";

function run(chunks: Buffer[], splitter = new JsonArraySplitter()): JsonArraySegment[] {
  const out = chunks.flatMap((c) => splitter.push(c));
  const rest = splitter.flush();
  return rest ? [...out, rest] : out;
}

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

const elements = (segments: JsonArraySegment[]) => segments.filter((s) => s.complete).map((s) => JSON.parse(s.bytes.toString("utf8")));
const joined = (segments: JsonArraySegment[]) => Buffer.concat(segments.map((s) => s.bytes));

describe("JsonArraySplitter", () => {
  // CRLF separators as Google streams them; strings holding brackets, braces, commas, escaped quotes and backslashes; multi-byte text
  const values = [
    { text: 'a "quoted" ] }, [ {', n: 1 },
    { text: "é😊\\", nested: { list: [1, [2, { x: "]" }]] } },
    ["an", "array", { of: "things" }],
    "a string",
    42,
    true,
    null,
  ];
  const stream = Buffer.from(`[${values.map((v) => JSON.stringify(v, null, 1).replace(/\n/g, "\r\n")).join("\r\n,\r\n")}]\r\n`);

  it("yields each element whole and keeps every byte in order", () => {
    const segments = run([stream]);
    expect(joined(segments).equals(stream)).toBe(true);
    expect(elements(segments)).toEqual(values);
  });

  it("gives the same elements and bytes at every split offset, and byte by byte", () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const segments = run(splitAt(stream, [cut]));
      expect(joined(segments).equals(stream), `cut ${cut}`).toBe(true);
      expect(elements(segments), `cut ${cut}`).toEqual(values);
    }
    const bytewise = run([...stream].map((b) => Buffer.from([b])));
    expect(joined(bytewise).equals(stream)).toBe(true);
    expect(elements(bytewise)).toEqual(values);
  });

  it("holds under any splits (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 12 }), (cuts) => {
        const segments = run(splitAt(stream, cuts));
        return joined(segments).equals(stream) && JSON.stringify(elements(segments)) === JSON.stringify(values);
      }),
      { numRuns: 500 },
    );
  });

  it("says what was passed on: nothing, an opening, a whole element, the end", () => {
    const splitter = new JsonArraySplitter();
    expect(splitter.position).toBe("start");
    splitter.push(Buffer.from("[\r\n"));
    expect(splitter.position).toBe("open");
    splitter.push(Buffer.from('{"a": 1}'));
    expect(splitter.position).toBe("element");
    splitter.push(Buffer.from('\r\n,\r\n{"b":'));
    expect(splitter.position).toBe("open"); // the half element is held back
    splitter.push(Buffer.from(" 2}]"));
    expect(splitter.position).toBe("closed");
  });

  it("takes a lone value without the array (an error object) as one element", () => {
    const body = Buffer.from('{"error": {"code": 400, "message": "bad"}}\n');
    const segments = run(splitAt(body, [7, 20]));
    expect(elements(segments)).toEqual([{ error: { code: 400, message: "bad" } }]);
    expect(joined(segments).equals(body)).toBe(true);
  });

  it("passes an element over the limit on in pieces, marked oversize, and finds the next one", () => {
    const big = JSON.stringify({ text: "x".repeat(200) });
    const body = Buffer.from(`[${big},{"after": true}]`);
    const segments = run(splitAt(body, [50, 100, 150]), new JsonArraySplitter(64));
    expect(joined(segments).equals(body)).toBe(true);
    expect(segments.some((s) => s.oversize)).toBe(true);
    expect(elements(segments)).toEqual([{ after: true }]);
  });

  it("returns an unfinished element at the end, never as complete", () => {
    const segments = run([Buffer.from('[{"a": 1},{"b": ')]);
    expect(elements(segments)).toEqual([{ a: 1 }]);
    expect(segments.at(-1)).toEqual({ bytes: Buffer.from('{"b": '), complete: false });
  });
});
