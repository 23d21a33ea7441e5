/** The intersection rules of a grant (request ∩ owner's choices ∩ defaults) and of auto-approve policies. */
import { describe, expect, it } from "vitest";
import { matchAutoApprovePolicies, type PolicyRow } from "@/lib/domain/grants/auto-approve-policy";
import { BUILTIN_GRANT_DEFAULTS } from "@/lib/domain/grants/grant-defaults";
import { resolveApprovedGrant } from "@/lib/domain/grants/resolve-approved-grant";
import type { OkapRequest, RequestedEntry } from "@/lib/engines/okap/types";

const NOW = new Date("2026-11-22T12:00:00Z");
const DAY = 86_400_000;
const entry = (over: Partial<RequestedEntry> = {}): RequestedEntry => ({
  provider: "openai",
  models: [],
  capabilities: ["chat"],
  limits: {},
  expires: null,
  reason: null,
  ...over,
});
const request = (...entries: RequestedEntry[]): OkapRequest => ({
  dialect: "b",
  client: { name: "App", url: "https://app.example.com/x", callback: null },
  apiEntries: [],
  entries,
});
const keys = new Map([
  ["openai", ["key_a", "key_b"]],
  ["anthropic", ["key_c"]],
]);

describe("resolveApprovedGrant", () => {
  it("fills open limits and the expiry with the defaults, never leaving a grant uncapped", () => {
    const grant = resolveApprovedGrant(request(entry()), { entries: {} }, BUILTIN_GRANT_DEFAULTS, keys, NOW);
    expect(grant.scopes[0]).toMatchObject({
      providerKeyId: "key_a",
      models: [],
      monthlyCapMicros: 10_000_000n,
      dailyCapMicros: null,
      requestsPerMinute: null,
    });
    expect(grant.expiresAt.getTime()).toBe(NOW.getTime() + 30 * DAY);
  });

  it("lets choices only tighten what was requested, and set what was not", () => {
    const asked = entry({
      models: ["a", "b"],
      capabilities: ["chat", "embeddings"],
      limits: { monthly_spend: 10_000_000n, requests_per_minute: 60 },
      expires: new Date(NOW.getTime() + 10 * DAY),
    });
    const grant = resolveApprovedGrant(
      request(asked),
      {
        entries: {
          openai: {
            providerKeyId: "key_b",
            models: ["b", "zzz"],
            capabilities: ["embeddings"],
            limits: { monthly_spend: 99_000_000n, requests_per_minute: 5, daily_spend: 1_000_000n },
          },
        },
        expiresAt: new Date(NOW.getTime() + 90 * DAY),
      },
      BUILTIN_GRANT_DEFAULTS,
      keys,
      NOW,
    );
    expect(grant.scopes[0]).toMatchObject({
      providerKeyId: "key_b",
      models: ["b"],
      capabilities: ["embeddings"],
      monthlyCapMicros: 10_000_000n,
      requestsPerMinute: 5,
      dailyCapMicros: 1_000_000n,
    });
    expect(grant.expiresAt.getTime()).toBe(NOW.getTime() + 10 * DAY);
  });

  it("refuses choices that would empty a list (an empty model list means ALL models), a foreign key and an unrequested provider", () => {
    const asked = request(entry({ models: ["a"] }));
    expect(() => resolveApprovedGrant(asked, { entries: { openai: { models: ["zzz"] } } }, BUILTIN_GRANT_DEFAULTS, keys, NOW)).toThrow(
      /pick at least one of the models/,
    );
    expect(() =>
      resolveApprovedGrant(asked, { entries: { openai: { capabilities: ["images"] } } }, BUILTIN_GRANT_DEFAULTS, keys, NOW),
    ).toThrow(/capabilities/);
    expect(() =>
      resolveApprovedGrant(asked, { entries: { openai: { providerKeyId: "key_c" } } }, BUILTIN_GRANT_DEFAULTS, keys, NOW),
    ).toThrow(/not one of your openai keys/);
    expect(() => resolveApprovedGrant(asked, { entries: { anthropic: {} } }, BUILTIN_GRANT_DEFAULTS, keys, NOW)).toThrow(
      /anthropic was not requested/,
    );
    expect(() =>
      resolveApprovedGrant(asked, { entries: {}, expiresAt: new Date(NOW.getTime() - 1) }, BUILTIN_GRANT_DEFAULTS, keys, NOW),
    ).toThrow(/in the future/);
    const lapsed = request(entry({ expires: new Date(NOW.getTime() - 1000) }));
    expect(() => resolveApprovedGrant(lapsed, { entries: {} }, BUILTIN_GRANT_DEFAULTS, keys, NOW)).toThrow(/already passed/);
  });

  it("leaves out the providers the owner excluded (their keys and expiries do not matter), never all of them", () => {
    const asked = request(
      entry({ expires: new Date(NOW.getTime() + 5 * DAY) }),
      entry({ provider: "groq", expires: new Date(NOW.getTime() + 2 * DAY) }),
      entry({ provider: "anthropic" }),
    );
    const grant = resolveApprovedGrant(
      asked,
      { entries: { groq: { excluded: true }, anthropic: { excluded: false, limits: { monthly_spend: 1_000_000n } } } },
      BUILTIN_GRANT_DEFAULTS,
      keys,
      NOW,
    );
    expect(grant.scopes.map((s) => [s.provider, s.monthlyCapMicros])).toEqual([
      ["openai", 10_000_000n],
      ["anthropic", 1_000_000n],
    ]);
    expect(grant.expiresAt.getTime()).toBe(NOW.getTime() + 5 * DAY); // groq (no key here, earliest expiry) is out
    const none = { entries: { openai: { excluded: true }, groq: { excluded: true }, anthropic: { excluded: true } } };
    expect(() => resolveApprovedGrant(asked, none, BUILTIN_GRANT_DEFAULTS, keys, NOW)).toThrow(/at least one provider/);
  });

  it("gives a multi-provider grant the earliest requested expiry", () => {
    const grant = resolveApprovedGrant(
      request(
        entry({ expires: new Date(NOW.getTime() + 5 * DAY) }),
        entry({ provider: "anthropic", expires: new Date(NOW.getTime() + 3 * DAY) }),
      ),
      { entries: {} },
      BUILTIN_GRANT_DEFAULTS,
      keys,
      NOW,
    );
    expect(grant.expiresAt.getTime()).toBe(NOW.getTime() + 3 * DAY);
    expect(grant.scopes.map((s) => s.providerKeyId)).toEqual(["key_a", "key_c"]);
  });
});

describe("matchAutoApprovePolicies", () => {
  const policy = (over: Partial<PolicyRow> = {}): PolicyRow => ({
    id: "pol_1",
    name: "p",
    clientOrigin: "https://app.example.com",
    provider: "openai",
    models: "[]",
    maxMonthlyMicros: 5_000_000n,
    maxDailyMicros: null,
    maxRequestsPerMinute: 30,
    maxExpiryDays: 14,
    enabled: true,
    ...over,
  });

  it("covers every entry or nothing, and caps what the request left open at the policy's maximum", () => {
    const match = matchAutoApprovePolicies(request(entry()), "wait", [policy()], BUILTIN_GRANT_DEFAULTS, NOW);
    expect(match?.policyIds).toEqual(["pol_1"]);
    expect(match?.choices.entries.openai?.limits).toEqual({ monthly_spend: 5_000_000n, requests_per_minute: 30 });
    expect(match?.choices.expiresAt?.getTime()).toBe(NOW.getTime() + 14 * DAY);
    expect(
      matchAutoApprovePolicies(request(entry(), entry({ provider: "anthropic" })), "wait", [policy()], BUILTIN_GRANT_DEFAULTS, NOW),
    ).toBeNull();
  });

  it("refuses redirect requests, other origins, disabled rules, higher caps, other models and longer expiries", () => {
    const d = BUILTIN_GRANT_DEFAULTS;
    expect(matchAutoApprovePolicies(request(entry()), "redirect", [policy()], d, NOW)).toBeNull();
    expect(
      matchAutoApprovePolicies(
        { ...request(entry()), client: { name: "x", url: "https://app.example.com.evil.net", callback: null } },
        "wait",
        [policy()],
        d,
        NOW,
      ),
    ).toBeNull();
    expect(matchAutoApprovePolicies(request(entry()), "wait", [policy({ enabled: false })], d, NOW)).toBeNull();
    expect(matchAutoApprovePolicies(request(entry({ limits: { monthly_spend: 6_000_000n } })), "wait", [policy()], d, NOW)).toBeNull();
    expect(matchAutoApprovePolicies(request(entry()), "wait", [policy({ models: '["gpt-4o-mini"]' })], d, NOW)).toBeNull(); // "all models" is not a subset
    expect(
      matchAutoApprovePolicies(request(entry({ expires: new Date(NOW.getTime() + 15 * DAY) })), "wait", [policy()], d, NOW),
    ).toBeNull();
  });
});
