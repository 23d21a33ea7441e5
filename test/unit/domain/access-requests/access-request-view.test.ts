/**
 * How the inbox, the CLI and the management API see a request: what was asked (limits in dollars),
 * its real status, and the status filters, where "pending" excludes what has expired unwritten.
 */
import { describe, expect, it } from "vitest";
import { serializeRequest } from "@/lib/engines/okap/stored-request";
import type { OkapRequest } from "@/lib/engines/okap/types";
import { accessRequestView } from "@/lib/domain/access-requests/list-access-request-page";
import { requestStatusWhere, toAccessRequestView } from "@/lib/domain/access-requests/list-access-requests";

const NOW = new Date("2026-11-22T12:00:00Z");

const REQUEST: OkapRequest = {
  dialect: "b",
  client: { name: "Notes app", url: "https://notes.example.com/", callback: null },
  apiEntries: [],
  entries: [
    {
      provider: "openai",
      models: ["gpt-4o-mini"],
      capabilities: ["chat"],
      limits: { monthly_spend: 12_500_000n, requests_per_minute: 60 },
      expires: new Date("2027-03-01T00:00:00Z"),
      reason: "Summaries",
    },
    { provider: "anthropic", models: [], capabilities: ["chat"], limits: {}, expires: null, reason: null },
  ],
};

function row(over: { status?: string; expiresAt?: Date } = {}) {
  const body = serializeRequest(REQUEST);
  return {
    id: "req_AAAAAAAAAAAAAAAAAAAA",
    userId: "usr_1",
    dialect: "b",
    delivery: "async",
    status: over.status ?? "pending",
    body,
    bodyHash: "h",
    clientName: "Notes app",
    clientUrl: "https://notes.example.com/",
    callbackUrl: null,
    reason: "Summaries",
    pollSecretHash: "secret-hash",
    pkceChallenge: null,
    redirectState: null,
    expiresAt: over.expiresAt ?? new Date("2026-11-22T12:10:00.123Z"),
    createdAt: new Date("2026-11-22T12:00:00.456Z"),
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
    decision: null,
    grantId: null,
    codeHash: "code-hash",
    codeExpiresAt: null,
    tokenIssuedAt: null,
    lastPolledAt: null,
    clientIp: "203.0.113.7",
    userAgent: "okap/0.1",
  };
}

describe("toAccessRequestView", () => {
  it("shows what was asked per provider, with limits in dollars and times in whole seconds", () => {
    const view = toAccessRequestView(row(), NOW);
    expect(view).toEqual({
      id: "req_AAAAAAAAAAAAAAAAAAAA",
      status: "pending",
      dialect: "b",
      delivery: "async",
      client_name: "Notes app",
      client_url: "https://notes.example.com/",
      callback_url: null,
      providers: [
        {
          provider: "openai",
          models: ["gpt-4o-mini"],
          capabilities: ["chat"],
          limits: { monthly_spend: 12.5, requests_per_minute: 60 },
          expires: "2027-03-01T00:00:00Z",
          reason: "Summaries",
        },
        { provider: "anthropic", models: [], capabilities: ["chat"], limits: {}, expires: null, reason: null },
      ],
      apis: [],
      extends_grant: null,
      created_at: "2026-11-22T12:00:00Z",
      expires_at: "2026-11-22T12:10:00Z",
      decided_at: null,
      decided_by: null,
      grant_id: null,
    });
    expect(accessRequestView.parse(view)).toEqual(view);
  });

  it("never shows the poll secret, the code or the app's address", () => {
    const text = JSON.stringify(toAccessRequestView(row(), NOW));
    for (const hidden of ["secret-hash", "code-hash", "203.0.113.7"]) expect(text).not.toContain(hidden);
  });

  it("shows a pending request past its expiry as expired", () => {
    expect(toAccessRequestView(row({ expiresAt: new Date("2026-11-22T11:59:59Z") }), NOW).status).toBe("expired");
  });

  it("refuses a stored body that was changed by hand into something invalid", () => {
    const bad = { ...row(), body: JSON.stringify({ ...JSON.parse(row().body), entries: [{ provider: "acme" }] }) };
    expect(() => toAccessRequestView(bad, NOW)).toThrow();
  });
});

describe("requestStatusWhere", () => {
  it("filters one user's requests by their real status", () => {
    expect(requestStatusWhere("usr_1", undefined, NOW)).toEqual({ userId: "usr_1" });
    expect(requestStatusWhere("usr_1", "pending", NOW)).toEqual({ userId: "usr_1", status: "pending", expiresAt: { gt: NOW } });
    expect(requestStatusWhere("usr_1", "expired", NOW)).toEqual({
      userId: "usr_1",
      OR: [{ status: "expired" }, { status: "pending", expiresAt: { lte: NOW } }],
    });
    expect(requestStatusWhere("usr_1", "denied", NOW)).toEqual({ userId: "usr_1", status: "denied" });
  });
});
