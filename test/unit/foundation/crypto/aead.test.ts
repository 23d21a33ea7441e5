import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decrypt, DecryptionError, encrypt, nonceOf } from "@/lib/foundation/crypto/aead";
import { deriveKeyRing } from "@/lib/foundation/crypto/key-ring";
import { keyAad, last4Of, openProviderKey, sealProviderKey } from "@/lib/domain/provider-keys/key-cipher";

const key = randomBytes(32);

describe("AES-256-GCM", () => {
  it("round-trips and never returns garbage for another key or AAD", () => {
    const blob = encrypt(key, Buffer.from("sk-secret"), "row-1");
    expect(decrypt(key, blob, "row-1").toString()).toBe("sk-secret");
    expect(() => decrypt(randomBytes(32), blob, "row-1")).toThrow(DecryptionError);
    expect(() => decrypt(key, blob, "row-2")).toThrow(DecryptionError);
  });

  it("fails closed when any single bit of version, nonce, ciphertext or tag flips", () => {
    const blob = encrypt(key, Buffer.from("sk-0123456789abcdef"), "aad");
    for (let bit = 0; bit < blob.length * 8; bit++) {
      const tampered = Buffer.from(blob);
      tampered[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => decrypt(key, tampered, "aad"), `bit ${bit}`).toThrow(DecryptionError);
    }
    expect(() => decrypt(key, blob.subarray(0, blob.length - 1), "aad")).toThrow(DecryptionError);
    expect(() => decrypt(key, new Uint8Array(0), "aad")).toThrow(DecryptionError);
  });

  it("never reuses a nonce in 10^5 encryptions of the same plaintext", () => {
    const nonces = new Set<string>();
    const ciphertexts = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const blob = encrypt(key, Buffer.from("same plaintext"), "same aad");
      nonces.add(nonceOf(blob));
      ciphertexts.add(blob.toString("base64"));
    }
    expect(nonces.size).toBe(100_000);
    expect(ciphertexts.size).toBe(100_000);
  });
});

describe("provider key ciphertexts", () => {
  const ring = deriveKeyRing(randomBytes(32));
  const rowA = { id: "key_A", userId: "usr_1", provider: "openai" };
  const rowB = { id: "key_B", userId: "usr_1", provider: "openai" };

  it("decrypt only in the row they were written for", () => {
    const ciphertext = sealProviderKey(ring, rowA, "sk-proj-abcdefghijklmnop");
    expect(openProviderKey(ring, { ...rowA, ciphertext })).toBe("sk-proj-abcdefghijklmnop");
    // copied into another row, another user's row or relabelled as another provider: refused
    for (const row of [rowB, { ...rowA, userId: "usr_2" }, { ...rowA, provider: "anthropic" }]) {
      expect(() => openProviderKey(ring, { ...row, ciphertext }), keyAad(row)).toThrow(/provider key of this grant cannot be decrypted/);
    }
  });

  it("do not decrypt under another master key", () => {
    const ciphertext = sealProviderKey(ring, rowA, "sk-proj-abcdefghijklmnop");
    expect(() => openProviderKey(deriveKeyRing(randomBytes(32)), { ...rowA, ciphertext })).toThrow(
      /provider key of this grant cannot be decrypted/,
    );
  });

  it("show at most the last 4 characters, and nothing of short keys", () => {
    expect(last4Of("sk-proj-abcdefghijklmnop")).toBe("mnop");
    expect(last4Of("short-key01")).toBe("");
  });
});
