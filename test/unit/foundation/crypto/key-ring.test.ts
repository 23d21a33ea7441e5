import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveKeyRing, keyFingerprint, parseMasterKey } from "@/lib/foundation/crypto/key-ring";

describe("master key", () => {
  it("accepts 32 bytes as hex, base64 and base64url", () => {
    const bytes = randomBytes(32);
    expect(parseMasterKey(bytes.toString("hex"))).toEqual(bytes);
    expect(parseMasterKey(bytes.toString("base64"))).toEqual(bytes);
    expect(parseMasterKey(bytes.toString("base64url"))).toEqual(bytes);
    expect(parseMasterKey(` ${bytes.toString("base64")}\n`)).toEqual(bytes);
  });

  it("refuses short, long or malformed keys without echoing them", () => {
    const secretish = "hunter2-not-a-real-key-value";
    for (const value of [secretish, randomBytes(16).toString("hex"), randomBytes(33).toString("base64"), "", "z".repeat(64)]) {
      let message = "";
      try {
        parseMasterKey(value);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/must be 32 random bytes/);
      if (value.length > 4) expect(message).not.toContain(value);
    }
  });

  it("derives distinct purpose-bound subkeys and a stable fingerprint", () => {
    const kek = randomBytes(32);
    const ring = deriveKeyRing(kek);
    const keys = [
      ring.providerKeyCipher,
      ring.webhookSecretCipher,
      ring.credentialCipher,
      ring.tokenPepper,
      ring.managementKeyPepper,
      ring.pollSecretPepper,
      ring.authCodePepper,
      ring.sessionPepper,
      ring.deviceCookieKey,
      ring.totpCipher,
      ring.recoveryCodePepper,
    ].map((k) => k.toString("hex"));
    expect(new Set([...keys, kek.toString("hex")]).size).toBe(12);
    expect(deriveKeyRing(kek)).toEqual(ring);
    expect(ring.fingerprint).toBe(keyFingerprint(kek));
    expect(keyFingerprint(randomBytes(32))).not.toBe(ring.fingerprint);
  });
});
