import { describe, expect, it } from "vitest";
import { jsonDepthExceeds } from "@/lib/foundation/validation/json-depth";

const nested = (depth: number) => Buffer.from("[".repeat(depth) + "]".repeat(depth));

describe("jsonDepthExceeds", () => {
  it("measures nesting, not the number of brackets", () => {
    expect(jsonDepthExceeds(nested(5), 5)).toBe(false);
    expect(jsonDepthExceeds(nested(6), 5)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ m: Array.from({ length: 50 }, () => ({ a: [1] })) })), 5)).toBe(false);
    expect(jsonDepthExceeds(nested(5000))).toBe(true);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ s: "[[[[[[[[[[", t: '\\"[[[[[[[[' })), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(`{"s":"\\\\"}` + "[".repeat(4)), 3)).toBe(true);
  });
});
