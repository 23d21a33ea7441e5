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

/** `contained`: the entry admits one priced request at a time after an overshoot, and one is in flight. */
export type AdmitOutcome = "ok" | "rate_minute" | "rate_day" | "budget_month" | "budget_day" | "contained";

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

/** A settlement taken: the µ$ committed, and whether it started the entry's containment (its cost passed its hold). */
export type Settled = { settledMicros: bigint; contained: boolean };

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

export type OrphanSettlement = {
  /** Holds of instances whose heartbeat is older than this are settled (and admitted before it). */
  staleMs: number;
  nowMs: number;
  /** SQLite at start: one process owns the database, so every hold still held is another's (a previous process's). */
  everyOtherInstance?: boolean;
};

export interface LedgerStore {
  readonly kind: "sqlite" | "postgres";
  /** The instance this store admits holds for (ins_...); its heartbeat keeps them its own. */
  readonly instanceId: string;
  findGrantByTokenHash(hash: string): Promise<GrantRecord | null>;
  tokenStates(tokenIds: readonly string[]): Promise<Map<string, TokenState>>;
  admit(input: AdmitInput): Promise<AdmitOutcome>;
  /** Counts one request against a scope's rate limits only (the credential proxy: no money), all or nothing. */
  admitRate(scopeId: string, perMinute: RateStep | null, perDay: RateStep | null): Promise<"ok" | "rate_minute" | "rate_day">;
  /**
   * Settles the hold once; returns the µ$ committed, or null when it was no longer held (swept). A
   * cost above the hold on a capped entry contains the entry for the hold's month, in the same
   * transaction (see AdmitOutcome `contained`).
   */
  settle(input: SettleInput): Promise<Settled | null>;
  /** Settles holds past their expiry at their reserved amount; returns how many. */
  sweep(nowMs: number): Promise<number>;
  /** Writes this instance's heartbeat (on PostgreSQL on the database's clock). */
  heartbeat(nowMs: number): Promise<void>;
  /** Settles the holds left by instances that stopped, at their full amount (outcome vault_restarted); returns how many. */
  settleOrphans(input: OrphanSettlement): Promise<number>;
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
