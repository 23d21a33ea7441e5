/**
 * The owner's defaults for what a request leaves open: a monthly cap and an expiry always apply, so
 * a grant is never unlimited or eternal by accident. Stored as a setting in the user's namespace.
 */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { usdToMicros, MoneyError } from "@/lib/foundation/money/micros";
import { readSetting } from "@/lib/foundation/db/settings";

export const GRANT_DEFAULTS_KEY = "grant_defaults";

export type GrantDefaults = {
  monthlySpendMicros: bigint;
  dailySpendMicros: bigint | null;
  requestsPerMinute: number | null;
  expiresInDays: number;
};

export const BUILTIN_GRANT_DEFAULTS: GrantDefaults = Object.freeze({
  monthlySpendMicros: 10_000_000n,
  dailySpendMicros: null,
  requestsPerMinute: null,
  expiresInDays: 30,
});

/** Dollars as a number or decimal string, more than 0. */
export const usdInput = (field: string) =>
  z
    .union([z.number(), z.string().trim().min(1, `${field} is required`)], { error: `${field} must be a dollar amount` })
    .transform((value, ctx) => {
      try {
        const micros = usdToMicros(value);
        if (micros > 0n) return micros;
      } catch (error) {
        if (!(error instanceof MoneyError)) throw error;
      }
      ctx.addIssue({ code: "custom", message: `${field} must be a dollar amount above 0, like 10 or 2.50` });
      return z.NEVER;
    });

export const grantDefaultsInput = z
  .object({
    monthly_spend: usdInput("monthly_spend"),
    daily_spend: usdInput("daily_spend").nullable(),
    requests_per_minute: z.number({ error: "requests_per_minute must be a number" }).int().min(1).max(1_000_000).nullable(),
    expires_in_days: z
      .number({ error: "expires_in_days must be a number" })
      .int()
      .min(1, "expires_in_days must be at least 1")
      .max(1825, "expires_in_days must be at most 1825"),
  })
  .strict();

export type GrantDefaultsView = {
  monthly_spend: number;
  daily_spend: number | null;
  requests_per_minute: number | null;
  expires_in_days: number;
};

export function toGrantDefaultsView(d: GrantDefaults): GrantDefaultsView {
  return {
    monthly_spend: Number(d.monthlySpendMicros) / 1e6,
    daily_spend: d.dailySpendMicros === null ? null : Number(d.dailySpendMicros) / 1e6,
    requests_per_minute: d.requestsPerMinute,
    expires_in_days: d.expiresInDays,
  };
}

const stored = z.object({
  monthly: z.string().regex(/^\d+$/),
  daily: z.string().regex(/^\d+$/).nullable(),
  rpm: z.number().int().positive().nullable(),
  days: z.number().int().positive(),
});

export function serializeGrantDefaults(d: GrantDefaults): string {
  return JSON.stringify({
    monthly: String(d.monthlySpendMicros),
    daily: d.dailySpendMicros === null ? null : String(d.dailySpendMicros),
    rpm: d.requestsPerMinute,
    days: d.expiresInDays,
  });
}

export async function getGrantDefaults(db: Db, userId: string): Promise<GrantDefaults> {
  const saved = await readSetting(db, userId, GRANT_DEFAULTS_KEY);
  if (saved === null) return BUILTIN_GRANT_DEFAULTS;
  const value = stored.parse(JSON.parse(saved));
  return {
    monthlySpendMicros: BigInt(value.monthly),
    dailySpendMicros: value.daily === null ? null : BigInt(value.daily),
    requestsPerMinute: value.rpm,
    expiresInDays: value.days,
  };
}
