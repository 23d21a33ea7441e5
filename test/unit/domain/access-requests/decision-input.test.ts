/**
 * What the owner may send to approve or deny (UI and CLI): strict bodies with only tightening
 * choices, money in exact µ$, and a denial reason that is plain text.
 */
import { describe, expect, it } from "vitest";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { approveInput, toApprovalChoices } from "@/lib/domain/access-requests/approve-input";
import { denyInput } from "@/lib/domain/access-requests/deny-access-request";

/** The expiry field checks against the clock: a date a month from now is always acceptable. */
const IN_A_MONTH = new Date(Math.floor(Date.now() / 1000) * 1000 + 30 * 86_400_000);

function refusal(schema: Parameters<typeof parseInput>[0], input: unknown) {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (isVaultError(error)) return { code: error.code, message: error.message, field: error.field };
    throw error;
  }
  return null;
}

describe("approveInput", () => {
  it("turns the owner's choices into approval choices: exact µ$, null limits left open, providers kept unless excluded", () => {
    const input = approveInput.parse({
      entries: [
        {
          provider: "openai",
          provider_key_id: "key_1",
          models: ["gpt-4o-mini"],
          limits: { monthly_spend: "2.50", daily_spend: null, requests_per_minute: 30 },
        },
        { provider: "anthropic", excluded: true },
      ],
      expires_at: IN_A_MONTH.toISOString(),
    });
    expect(toApprovalChoices(input)).toEqual({
      entries: {
        openai: {
          excluded: false,
          providerKeyId: "key_1",
          models: ["gpt-4o-mini"],
          capabilities: null,
          limits: { monthly_spend: 2_500_000n, requests_per_minute: 30 },
        },
        anthropic: { excluded: true, providerKeyId: null, models: null, capabilities: null, limits: {} },
      },
      apiEntries: {},
      expiresAt: IN_A_MONTH,
    });
  });

  it("approves as requested when nothing is chosen", () => {
    expect(toApprovalChoices(approveInput.parse({}))).toEqual({ entries: {}, apiEntries: {}, expiresAt: null });
  });

  it("refuses unknown fields, unknown providers and limits that are not positive", () => {
    expect(refusal(approveInput, { entries: [], scopes: [] })).toMatchObject({ code: "invalid_request", message: "unknown field: scopes" });
    expect(refusal(approveInput, { entries: [{ provider: "openai", limits: { monthly_spend: 5, spend: 1 } }] })).toMatchObject({
      message: "unknown field: spend",
      field: "entries.0.limits",
    });
    expect(refusal(approveInput, { entries: [{ provider: "acme" }] })?.message).toMatch(/unknown provider "acme"/);
    expect(refusal(approveInput, { entries: [{ provider: "openai", limits: { monthly_spend: 0 } }] })?.message).toMatch(/above 0/);
    expect(refusal(approveInput, { entries: [{ provider: "openai", limits: { requests_per_day: 1.5 } }] })?.message).toBe(
      "requests_per_day must be a whole number",
    );
    expect(refusal(approveInput, { expires_at: "2001-01-01" })?.message).toBe("expires_at must be in the future");
    expect(refusal(approveInput, { expires_at: "2999-01-01" })?.message).toBe("expires_at must be within 5 years");
  });
});

describe("denyInput", () => {
  it("takes an optional, trimmed plain-text reason of at most 300 characters", () => {
    expect(denyInput.parse({})).toEqual({});
    expect(denyInput.parse({ reason: "  not now  " })).toEqual({ reason: "not now" });
    expect(refusal(denyInput, { reason: "x".repeat(301) })?.message).toBe("reason must be at most 300 characters");
    expect(refusal(denyInput, { reason: "ok\u202Eevil" })?.message).toMatch(/bidirectional or invisible/);
    expect(refusal(denyInput, { reason: "line\nbreak" })?.message).toMatch(/control/);
    expect(refusal(denyInput, { reason: "no", note: "x" })?.message).toBe("unknown field: note");
  });
});
