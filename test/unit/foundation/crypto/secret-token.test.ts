import { describe, expect, it } from "vitest";
import { isWellFormedSecret, mintSecret, secretLast4 } from "@/lib/foundation/crypto/secret-token";

describe("secret tokens", () => {
  it("have the prefix, 30 random base62 characters and a 6-character checksum", () => {
    const token = mintSecret("okap");
    expect(token).toMatch(/^okap_[0-9A-Za-z]{36}$/);
    expect(isWellFormedSecret("okap", token)).toBe(true);
    expect(isWellFormedSecret("okmk", token)).toBe(false);
    expect(secretLast4(token)).toBe(token.slice(-4));
  });

  it("reject every single-character typo through the checksum", () => {
    const token = mintSecret("okps");
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (let i = 5; i < token.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(token[i]!) + 1) % 62]!;
      const typo = token.slice(0, i) + replacement + token.slice(i + 1);
      expect(isWellFormedSecret("okps", typo), typo).toBe(false);
    }
  });

  it("reject wrong shapes", () => {
    const token = mintSecret("okap");
    for (const value of [
      undefined,
      42,
      "",
      "okap_",
      token + "x",
      token.slice(0, -1),
      token.replace("okap_", "okap-"),
      "sk-" + token.slice(5),
      ` ${token}`,
    ]) {
      expect(isWellFormedSecret("okap", value)).toBe(false);
    }
  });

  it("are unique", () => {
    const tokens = new Set(Array.from({ length: 10_000 }, () => mintSecret("okap")));
    expect(tokens.size).toBe(10_000);
  });
});
