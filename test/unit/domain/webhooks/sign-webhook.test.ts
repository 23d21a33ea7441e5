/**
 * Webhook signatures as a receiver checks them: `okap-signature: t=<unix>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<raw body>")>`, refused when the body, the secret or the timestamp (replays) do not match.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from "@/lib/domain/webhooks/sign-webhook";

const SECRET = "whsec_0123456789abcdefghijklmnopqrstuv";
const BODY = JSON.stringify({ id: "evt_1", type: "grant.revoked", created_at: "2026-11-22T10:00:00.000Z", data: { grant_id: "grt_1" } });
const T = 1_795_000_000;

describe("signWebhook", () => {
  it("signs `<t>.<raw body>` with HMAC-SHA256 of the secret, as t=<unix>,v1=<hex>", () => {
    const expected = createHmac("sha256", SECRET).update(`${T}.${BODY}`).digest("hex");
    expect(signWebhook(SECRET, BODY, T)).toBe(`t=${T},v1=${expected}`);
    expect(SIGNATURE_HEADER).toBe("okap-signature");
  });

  it("depends on every byte of the body and on the timestamp", () => {
    const base = signWebhook(SECRET, BODY, T);
    expect(signWebhook(SECRET, BODY + " ", T)).not.toBe(base);
    expect(signWebhook(SECRET, BODY, T + 1).split("v1=")[1]).not.toBe(base.split("v1=")[1]);
  });
});

describe("verifyWebhookSignature", () => {
  const header = signWebhook(SECRET, BODY, T);

  it("accepts the vault's signature within the tolerance (5 minutes by default), either side of now", () => {
    expect(verifyWebhookSignature(SECRET, BODY, header, T)).toBe(true);
    expect(verifyWebhookSignature(SECRET, BODY, header, T + 300)).toBe(true);
    expect(verifyWebhookSignature(SECRET, BODY, header, T - 300)).toBe(true);
  });

  it("refuses a replay older than the tolerance, and a timestamp from the future beyond it", () => {
    expect(verifyWebhookSignature(SECRET, BODY, header, T + 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, BODY, header, T - 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, BODY, header, T + 30, 10)).toBe(false);
  });

  it("refuses a changed body, another secret, and a timestamp swapped into a valid signature", () => {
    expect(verifyWebhookSignature(SECRET, BODY.replace("grt_1", "grt_2"), header, T)).toBe(false);
    expect(verifyWebhookSignature("whsec_other", BODY, header, T)).toBe(false);
    const v1 = header.split("v1=")[1];
    expect(verifyWebhookSignature(SECRET, BODY, `t=${T + 1},v1=${v1}`, T)).toBe(false);
  });

  it("refuses malformed headers instead of throwing", () => {
    for (const bad of [
      "",
      "garbage",
      `t=${T}`,
      `v1=${header.split("v1=")[1]}`,
      `t=soon,v1=abcd`,
      `t=${T},v1=`,
      `t=${T},v1=abcd`,
      `t=${T}.5,v1=00`,
    ]) {
      expect(verifyWebhookSignature(SECRET, BODY, bad, T), bad).toBe(false);
    }
  });
});
