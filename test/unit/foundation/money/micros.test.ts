import { describe, expect, it } from "vitest";
import { formatUsd, MoneyError, usdToMicros } from "@/lib/foundation/money/micros";

describe("micro-dollars", () => {
  it("converts dollar amounts exactly", () => {
    expect(usdToMicros(10)).toBe(10_000_000n);
    expect(usdToMicros(0.1)).toBe(100_000n);
    expect(usdToMicros("0.000001")).toBe(1n);
    expect(usdToMicros(12.345678)).toBe(12_345_678n);
    expect(usdToMicros("1000000000")).toBe(1_000_000_000_000_000n);
  });

  it("truncates beyond the 6th decimal, so a cap never grows by rounding", () => {
    expect(usdToMicros(0.1 + 0.2)).toBe(300_000n);
    expect(usdToMicros("0.0000019")).toBe(1n);
  });

  it("rejects negatives, non-numbers, exponents and huge amounts", () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, "1e3", "abc", "", "-0.5", "1000000001", 1e-7]) {
      expect(() => usdToMicros(bad as number), String(bad)).toThrow(MoneyError);
    }
  });

  it("formats for people", () => {
    expect(formatUsd(0n)).toBe("$0.00");
    expect(formatUsd(12_345_678n)).toBe("$12.35");
    expect(formatUsd(1_234_567_890_000n)).toBe("$1,234,567.89");
    expect(formatUsd(1_234n)).toBe("$0.001234");
  });
});
