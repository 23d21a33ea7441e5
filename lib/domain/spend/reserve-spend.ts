/**
 * Reserves the worst-case cost of a request before it goes upstream, atomically with its rate
 * limits (one admission in the database). The reservation is a true upper bound: the output is
 * bounded by the client's max_tokens, the grant's tokens_per_request, or an injected bound, and a
 * request that does not fit the remaining budget has its bound clamped to what fits (or is refused
 * with 402 when not even one output token fits). The caller writes the chosen bound into the body
 * and says so in a response header.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { noteDatabaseOk } from "@/lib/foundation/db/database-health";
import { maxCostMicros, outputTokensWithin } from "@/lib/engines/pricing/compute-cost";
import type { ModelPrice } from "@/lib/engines/pricing/model-price";
import type { BodyFacts, Endpoint, RequestFacts } from "@/lib/engines/providers/types";
import type { AdmitInput, AdmitOutcome, LedgerStore, ScopeRecord } from "@/lib/engines/ledger/ledger-store";
import { rateSteps, retryAfterSeconds } from "@/lib/engines/ledger/rate-limit";
import { spendWindows } from "@/lib/engines/ledger/windows";
import { admissionMayHaveCommitted, releaseUnknownAdmission } from "@/lib/engines/ledger/settle-retries";

/** Output bound injected into a capped request that carries none. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 16_384;

export type OutputLimit = { tokens: number; reason: "injected" | "clamped-to-grant" | "clamped-to-budget" };
export type Reservation = { amountMicros: bigint; outputLimit: OutputLimit | null };

export type ReserveRequest = {
  holdId: string;
  grant: { grantId: string; userId: string };
  scope: ScopeRecord;
  provider: string;
  endpoint: Endpoint;
  facts: RequestFacts | null;
  price: ModelPrice | null;
  nowMs: number;
  expiresAtMs: number;
};

export function isCapped(scope: ScopeRecord): boolean {
  return scope.monthlyCapMicros !== null || scope.dailyCapMicros !== null;
}

/**
 * The output bound the vault chooses before the budget is consulted (null: the client's own bound,
 * if any, stands). The caller writes the bound into the body before measuring its input bound.
 */
export function plannedOutput(scope: ScopeRecord, facts: BodyFacts): OutputLimit | null {
  if (facts.outputLimitFields.length === 0) return null;
  const grantMax = scope.maxTokensPerRequest;
  if (facts.maxOutputTokens !== null) {
    return grantMax !== null && facts.maxOutputTokens > grantMax ? { tokens: grantMax, reason: "clamped-to-grant" } : null;
  }
  if (grantMax !== null) return { tokens: grantMax, reason: "injected" };
  return isCapped(scope) ? { tokens: DEFAULT_MAX_OUTPUT_TOKENS, reason: "injected" } : null;
}

function refuse(outcome: Exclude<AdmitOutcome, "ok">, steps: ReturnType<typeof rateSteps>): never {
  if (outcome === "rate_minute" || outcome === "rate_day") {
    const step = outcome === "rate_minute" ? steps.perMinute! : steps.perDay!;
    const per = outcome === "rate_minute" ? "minute" : "day";
    throw new VaultError("rate_limited", `This grant allows ${step.limit} requests per ${per}; try again later.`, {
      retryAfterSeconds: retryAfterSeconds(step),
    });
  }
  if (outcome === "contained") {
    throw new VaultError(
      "spend_contained",
      "A request of this grant cost more than the vault reserved for it, so until the owner resets it (or the month ends) the grant runs one request at a time, and one is running; retry shortly.",
      { retryAfterSeconds: 1 },
    );
  }
  const which = outcome === "budget_month" ? "monthly" : "daily";
  throw new VaultError("budget_exceeded", `This request would exceed the grant's ${which} spend cap.`);
}

/** An admission that failed with an unknown outcome may still commit: its hold is released at 0 if it shows up. */
async function admitOrRelease(store: LedgerStore, admission: AdmitInput): Promise<AdmitOutcome> {
  try {
    const outcome = await store.admit(admission);
    noteDatabaseOk(); // a real round trip to the ledger: if an outage was noted, it is over
    return outcome;
  } catch (error) {
    if (admissionMayHaveCommitted(error)) releaseUnknownAdmission(store, admission.holdId, admission.expiresAtMs);
    throw error;
  }
}

export async function reserveSpend(store: LedgerStore, r: ReserveRequest): Promise<Reservation> {
  const { scope, endpoint, facts, price } = r;
  const capped = isCapped(scope);
  if (capped && (endpoint.metering === "unpriced" || ((endpoint.metering === "tokens" || endpoint.metering === "input") && !price))) {
    const what = endpoint.metering === "unpriced" ? `the ${endpoint.name} endpoint` : `model ${facts?.model ?? "(none)"}`;
    throw new VaultError(
      "model_not_priced",
      `The vault has no price for ${what}, so it cannot enforce this grant's spend cap. The owner can set one with \`vault price set\`.`,
    );
  }
  // The grant's bound applies whether or not the model is priced.
  const outputLimit = facts && endpoint.metering === "tokens" ? plannedOutput(scope, facts) : null;
  let amountMicros = 0n;
  if (price && facts && (endpoint.metering === "tokens" || endpoint.metering === "input")) {
    const output = endpoint.metering === "tokens" ? (outputLimit?.tokens ?? facts.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS) : 0;
    amountMicros = maxCostMicros(price, facts.inputTokensBound, output * facts.outputMultiplier);
  }
  const windows = spendWindows(r.nowMs);
  const steps = rateSteps(scope, r.nowMs);
  const admission: AdmitInput = {
    holdId: r.holdId,
    scopeId: scope.scopeId,
    grantId: r.grant.grantId,
    userId: r.grant.userId,
    provider: r.provider,
    model: facts?.model ?? null,
    endpoint: endpoint.name,
    amountMicros,
    monthWindow: windows.month,
    monthCapMicros: scope.monthlyCapMicros,
    dayWindow: windows.day,
    dayCapMicros: scope.dailyCapMicros,
    perMinute: steps.perMinute,
    perDay: steps.perDay,
    nowMs: r.nowMs,
    expiresAtMs: r.expiresAtMs,
  };
  const outcome = await admitOrRelease(store, admission);
  if (outcome === "ok") return { amountMicros, outputLimit };
  if (
    (outcome === "budget_month" || outcome === "budget_day") &&
    price &&
    facts?.outputLimitFields.length &&
    endpoint.metering === "tokens"
  ) {
    const totals = await store.windowTotals(scope.scopeId, [windows.month, windows.day]);
    let remaining: bigint | null = null;
    for (const [window, cap] of [
      [windows.month, scope.monthlyCapMicros],
      [windows.day, scope.dailyCapMicros],
    ] as const) {
      if (cap === null) continue;
      const t = totals.get(window);
      const left = cap - (t ? t.committedMicros + t.heldMicros : 0n);
      remaining = remaining === null || left < remaining ? left : remaining;
    }
    const fit = Math.floor(outputTokensWithin(price, facts.inputTokensBound, remaining ?? 0n) / facts.outputMultiplier);
    const current = outputLimit?.tokens ?? facts.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
    if (fit >= 1 && fit < current) {
      const clamped: OutputLimit = { tokens: fit, reason: "clamped-to-budget" };
      const amount = maxCostMicros(price, facts.inputTokensBound, fit * facts.outputMultiplier);
      const retry = await admitOrRelease(store, { ...admission, amountMicros: amount });
      if (retry === "ok") return { amountMicros: amount, outputLimit: clamped };
      refuse(retry, steps);
    }
  }
  refuse(outcome, steps);
}
