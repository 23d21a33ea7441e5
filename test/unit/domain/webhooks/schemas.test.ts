/**
 * What an owner may register as a webhook (https, or http to this machine; never a metadata address;
 * known events only), what the views show of it (never the secret), and the secret's encryption
 * bound to its webhook.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveKeyRing } from "@/lib/foundation/crypto/key-ring";
import { createWebhookInput, toWebhookView, WEBHOOK_EVENTS, webhookUrlSchema } from "@/lib/domain/webhooks/schemas";
import { newWebhookSecret, openWebhookSecret, sealWebhookSecret } from "@/lib/domain/webhooks/webhook-secret";

const problem = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? null : result.error!.issues[0]!.message;

describe("webhook URLs", () => {
  it("accept https anywhere and http only to this machine", () => {
    expect(webhookUrlSchema.parse("https://hooks.example.com/okap")).toBe("https://hooks.example.com/okap");
    for (const local of ["http://localhost:8080/hook", "http://127.0.0.1:9000/", "http://[::1]:3001/x"]) {
      expect(webhookUrlSchema.safeParse(local).success, local).toBe(true);
    }
    expect(problem(webhookUrlSchema.safeParse("http://hooks.example.com/okap"))).toMatch(/must use https/);
  });

  it("refuse link-local and metadata addresses, other schemes, and what is not a URL", () => {
    for (const bad of [
      "https://169.254.169.254/latest/meta-data",
      "http://169.254.169.254/",
      "ftp://example.com/x",
      "javascript:alert(1)",
      "not a url",
    ]) {
      expect(problem(webhookUrlSchema.safeParse(bad)), bad).toMatch(/^url /);
    }
    expect(webhookUrlSchema.safeParse(42).success).toBe(false);
  });
});

describe("createWebhookInput", () => {
  it("takes a URL and at least one known event, and nothing else", () => {
    expect(createWebhookInput.parse({ url: "https://h.example.com/okap", events: ["grant.revoked", "spend.threshold"] })).toEqual({
      url: "https://h.example.com/okap",
      events: ["grant.revoked", "spend.threshold"],
    });
    expect(problem(createWebhookInput.safeParse({ url: "https://h.example.com/okap", events: [] }))).toMatch(/at least one event/);
    expect(problem(createWebhookInput.safeParse({ url: "https://h.example.com/okap", events: ["grant.deleted"] }))).toMatch(
      /events must be among spend.threshold, request.pending/,
    );
    expect(createWebhookInput.safeParse({ url: "https://h.example.com/okap", events: ["grant.revoked"], secret: "mine" }).success).toBe(
      false,
    );
  });

  it("does not offer the test event as a subscription", () => {
    expect(WEBHOOK_EVENTS).not.toContain("webhook.test");
    expect(createWebhookInput.safeParse({ url: "https://h.example.com/okap", events: ["webhook.test"] }).success).toBe(false);
  });
});

describe("toWebhookView", () => {
  it("shows the events, the state and the secret's last 4 characters, never the secret or its ciphertext", () => {
    const row = {
      id: "wh_1",
      url: "https://h.example.com/okap",
      events: JSON.stringify(["grant.created"]),
      enabled: true,
      secretLast4: "wxyz",
      secretCiphertext: new Uint8Array([1, 2, 3]),
      createdAt: new Date("2026-11-22T10:00:00Z"),
    };
    const view = toWebhookView(row);
    expect(view).toEqual({
      id: "wh_1",
      url: "https://h.example.com/okap",
      events: ["grant.created"],
      enabled: true,
      secret_last4: "wxyz",
      created_at: "2026-11-22T10:00:00.000Z",
    });
  });
});

describe("webhook secrets", () => {
  const ring = deriveKeyRing(randomBytes(32));

  it("are random whsec_ values that round-trip through their encryption", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    expect(newWebhookSecret()).not.toBe(secret);
    const sealed = sealWebhookSecret(ring, "wh_1", secret);
    expect(Buffer.from(sealed).toString("latin1")).not.toContain(secret);
    expect(openWebhookSecret(ring, "wh_1", sealed)).toBe(secret);
  });

  it("do not decrypt for another webhook or under another master key", () => {
    const sealed = sealWebhookSecret(ring, "wh_1", newWebhookSecret());
    expect(() => openWebhookSecret(ring, "wh_2", sealed)).toThrow();
    expect(() => openWebhookSecret(deriveKeyRing(randomBytes(32)), "wh_1", sealed)).toThrow();
  });
});
