/**
 * The proxy's database access, behind one small interface with one implementation per database
 * (raw better-sqlite3 / pg with prepared statements: the hot path does not go through Prisma).
 * Every money invariant is enforced by the database in one statement or one transaction:
 * `committed + held + amount <= cap` is a conditional UPDATE, a hold is settled exactly once.
 */
import type { TokenUsage } from "@/lib/engines/providers/types";

export type ScopeRecord = {
  scopeId: string;
  provider: string;
  providerKeyId: string;
  /** The provider key row, for decryption at use (null when the key was removed). */
  key: { id: string; userId: string; provider: string; ciphertext: Uint8Array } | null;
  models: string[];
  capabilities: string[];
  monthlyCapMicros: bigint | null;
  dailyCapMicros: bigint | null;
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
  maxTokensPerRequest: number | null;
};

export type GrantRecord = {
  tokenId: string;
  tokenRevoked: boolean;
  grantId: string;
  userId: string;
  status: string;
  expiresAtMs: number;
  scopes: ScopeRecord[];
};

export type TokenState = { revoked: boolean; status: string; expiresAtMs: number };

/** One sliding-window rate limit: admitted when (count + 1) * span + previous * restMs <= limit * span. */
export type RateStep = { limit: number; window: string; previous: string; restMs: number };

export type AdmitInput = {
  holdId: string;
  scopeId: string;
  grantId: string;
  userId: string;
  provider: string;
  model: string | null;
  endpoint: string;
  amountMicros: bigint;
  monthWindow: string;
  monthCapMicros: bigint | null;
  dayWindow: string;
  dayCapMicros: bigint | null;
  perMinute: RateStep | null;
  perDay: RateStep | null;
  nowMs: number;
  expiresAtMs: number;
};

export type AdmitOutcome = "ok" | "rate_minute" | "rate_day" | "budget_month" | "budget_day";

export type SettleInput = {
  holdId: string;
  costMicros: bigint;
  nowMs: number;
  status: number;
  outcome: string;
  model: string | null;
  usage: TokenUsage;
  estimated: boolean;
  latencyMs: number;
  ttfbMs: number | null;
};

export type WindowTotals = { committedMicros: bigint; heldMicros: bigint };

export type PriceOverrideRecord = {
  provider: string;
  model: string;
  inputMicrosPerMtok: bigint;
  outputMicrosPerMtok: bigint;
  cacheReadMicrosPerMtok: bigint | null;
  cacheWriteMicrosPerMtok: bigint | null;
  cacheWrite1hMicrosPerMtok: bigint | null;
};

export interface LedgerStore {
  readonly kind: "sqlite" | "postgres";
  findGrantByTokenHash(hash: string): Promise<GrantRecord | null>;
  tokenStates(tokenIds: readonly string[]): Promise<Map<string, TokenState>>;
  admit(input: AdmitInput): Promise<AdmitOutcome>;
  /** Counts one request against a scope's rate limits only (the credential proxy: no money), all or nothing. */
  admitRate(scopeId: string, perMinute: RateStep | null, perDay: RateStep | null): Promise<"ok" | "rate_minute" | "rate_day">;
  /** Settles the hold once; returns the µ$ committed, or null when it was no longer held (swept). */
  settle(input: SettleInput): Promise<bigint | null>;
  /** Settles holds past their expiry at their reserved amount; returns how many. */
  sweep(nowMs: number): Promise<number>;
  /** Moves the expiry of these holds, those still held, to expiresAtMs (never earlier); one statement. */
  renewHolds(holdIds: readonly string[], expiresAtMs: number): Promise<number>;
  windowTotals(scopeId: string, windows: readonly string[]): Promise<Map<string, WindowTotals>>;
  priceOverrides(): Promise<PriceOverrideRecord[]>;
  close(): Promise<void>;
}

export function parseJsonList(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}
