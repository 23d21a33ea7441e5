/**
 * Auto-approve policies (OKAP "headless mode"): owner rules that approve a request without a click
 * when every entry stays inside one rule for the app's stated origin. What the rule grants is still
 * request ∩ rule ∩ defaults: a missing cap or expiry becomes the default, never above the rule's
 * maximum. Browser-redirect requests are never auto-approved (a person is at the screen anyway).
 */
import { z } from "zod";
import type { OkapDelivery, OkapRequest, RequestedEntry } from "@/lib/engines/okap/types";
import type { GrantDefaults } from "@/lib/domain/grants/grant-defaults";
import type { ApprovalChoices, EntryChoice } from "@/lib/domain/grants/resolve-approved-grant";

export type PolicyRow = {
  id: string;
  name: string;
  clientOrigin: string;
  provider: string;
  models: string;
  maxMonthlyMicros: bigint;
  maxDailyMicros: bigint | null;
  maxRequestsPerMinute: number | null;
  maxExpiryDays: number;
  enabled: boolean;
};

const DAY_MS = 86_400_000;
const modelList = z.array(z.string());

function within<T extends bigint | number>(requested: T | undefined, max: T | null): boolean {
  return max === null || requested === undefined || requested <= max;
}

function minOf<T extends bigint | number>(a: T | null, b: T | null): T | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function covers(policy: PolicyRow, origin: string, entry: RequestedEntry, now: Date): boolean {
  if (!policy.enabled || policy.clientOrigin !== origin || policy.provider !== entry.provider) return false;
  const allowed = modelList.parse(JSON.parse(policy.models));
  if (allowed.length > 0 && (entry.models.length === 0 || entry.models.some((m) => !allowed.includes(m)))) return false;
  const l = entry.limits;
  if (
    !within(l.monthly_spend, policy.maxMonthlyMicros) ||
    !within(l.daily_spend, policy.maxDailyMicros) ||
    !within(l.requests_per_minute, policy.maxRequestsPerMinute)
  )
    return false;
  return entry.expires === null || entry.expires.getTime() <= now.getTime() + policy.maxExpiryDays * DAY_MS;
}

function entryChoice(entry: RequestedEntry, policy: PolicyRow, defaults: GrantDefaults): EntryChoice {
  const l = entry.limits;
  return {
    limits: {
      ...(l.monthly_spend === undefined ? { monthly_spend: minOf(defaults.monthlySpendMicros, policy.maxMonthlyMicros)! } : {}),
      ...(l.daily_spend === undefined && policy.maxDailyMicros !== null
        ? { daily_spend: minOf(defaults.dailySpendMicros, policy.maxDailyMicros)! }
        : {}),
      ...(l.requests_per_minute === undefined && policy.maxRequestsPerMinute !== null
        ? { requests_per_minute: minOf(defaults.requestsPerMinute, policy.maxRequestsPerMinute)! }
        : {}),
    },
  };
}

/** The policy ids and the choices to approve with, or null when no rule covers every entry. */
export function matchAutoApprovePolicies(
  request: OkapRequest,
  delivery: OkapDelivery,
  policies: PolicyRow[],
  defaults: GrantDefaults,
  now: Date,
): { policyIds: string[]; choices: ApprovalChoices } | null {
  // Policies cover AI entries only: access to other APIs (and extensions of a grant) always needs the owner.
  if (delivery === "redirect" || !request.client.url || request.apiEntries.length > 0 || request.extendsGrant) return null;
  const origin = new URL(request.client.url).origin;
  const matched = request.entries.map((entry) => ({ entry, policy: policies.find((p) => covers(p, origin, entry, now)) }));
  if (matched.some((m) => !m.policy)) return null;
  const entries: ApprovalChoices["entries"] = {};
  for (const { entry, policy } of matched) entries[entry.provider] = entryChoice(entry, policy!, defaults);
  const anyExpiry = request.entries.some((e) => e.expires !== null);
  const days = Math.min(defaults.expiresInDays, ...matched.map((m) => m.policy!.maxExpiryDays));
  return {
    policyIds: [...new Set(matched.map((m) => m.policy!.id))],
    choices: { entries, expiresAt: anyExpiry ? null : new Date(now.getTime() + days * DAY_MS) },
  };
}
