/**
 * zod schemas for the fields both OKAP dialects share. Strict on purpose: wrong types, unknown
 * fields, over-long strings and invisible or bidirectional control characters are refused with a
 * message that names the field, before anything is stored.
 */
import { z } from "zod";
import { MoneyError, usdToMicros } from "@/lib/foundation/money/micros";
import { isProviderId, PROVIDER_IDS, type ProviderId } from "@/lib/engines/providers/registry";
import { hasUnsafeCharacters, safeName } from "@/lib/foundation/text/safe-text";
import { ClientUrlError, validateCallbackUrl, validateClientUrl } from "@/lib/engines/okap/client-url";
import { DEFAULT_CAPABILITIES, type Limits, type RequestedEntry } from "@/lib/engines/okap/types";

export const OKAP_BODY_LIMIT = 64 * 1024;
export const MAX_MODELS = 50;
export const MODEL_NAME_MAX = 128;
export const REASON_MAX = 1000;
export const CLIENT_NAME_MAX = 100;
export const MAX_ENTRIES = 10;
/** A grant cannot be asked to outlive this. */
export const MAX_EXPIRY_DAYS = 5 * 365;
const COUNT_MAX = 100_000_000;

export const okapVersion = z.literal("1.0", { error: 'okap must be "1.0"' });

export const providerField = z
  .string({ error: (i) => (i.input === undefined ? "provider is required" : "provider must be a string") })
  .refine(isProviderId, {
    error: (issue) => `unknown provider ${JSON.stringify(String(issue.input)).slice(0, 40)}; expected one of ${PROVIDER_IDS.join(", ")}`,
  }) as unknown as z.ZodType<ProviderId>;

const modelName = z
  .string({ error: "each model must be a string" })
  .min(1, "a model name is empty")
  .max(MODEL_NAME_MAX, `a model name is longer than ${MODEL_NAME_MAX} characters`)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/, "a model name may only contain letters, digits and . _ : / @ + -");

export const modelsField = z
  .array(modelName, { error: "models must be a list of model names" })
  .max(MAX_MODELS, `at most ${MAX_MODELS} models`)
  .transform((list) => [...new Set(list)]);

export function capabilitiesField(allowed: readonly [string, ...string[]]) {
  return z
    .array(
      z.enum(allowed, {
        error: (i) => `unknown capability ${JSON.stringify(String(i.input)).slice(0, 40)}; expected one of ${allowed.join(", ")}`,
      }),
      {
        error: "capabilities must be a list",
      },
    )
    .max(allowed.length * 2, "too many capabilities")
    .transform((list) => [...new Set(list)]);
}

const dollars = (field: string) =>
  z
    .number({ error: `${field} must be a number of dollars` })
    .positive(`${field} must be more than 0`)
    .transform((value, ctx) => {
      try {
        const micros = usdToMicros(value);
        if (micros > 0n) return micros;
      } catch (error) {
        if (!(error instanceof MoneyError)) throw error;
      }
      ctx.addIssue({ code: "custom", message: `${field} is not a usable dollar amount` });
      return z.NEVER;
    });

const count = (field: string) =>
  z
    .number({ error: `${field} must be a whole number` })
    .int(`${field} must be a whole number`)
    .min(1, `${field} must be at least 1`)
    .max(COUNT_MAX, `${field} is too large`);

/** Limits as sent; a null member means "not given" (clients that serialise unset fields as null). */
export const limitsField = z
  .object(
    {
      monthly_spend: dollars("monthly_spend").nullish(),
      daily_spend: dollars("daily_spend").nullish(),
      requests_per_minute: count("requests_per_minute").nullish(),
      requests_per_day: count("requests_per_day").nullish(),
      tokens_per_request: count("tokens_per_request").nullish(),
    },
    { error: "limits must be an object" },
  )
  .strict()
  .transform((limits): Limits => Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== null && v !== undefined)));

/** "2027-03-01" (midnight UTC) or an ISO 8601 date-time with offset; in the future, within 5 years. */
export const expiryField = (field: string) =>
  z
    .string({ error: `${field} must be a date (YYYY-MM-DD) or an ISO 8601 date-time` })
    .max(40, `${field} is too long`)
    .transform((value, ctx) => {
      const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
      const ok = dateOnly || z.iso.datetime({ offset: true }).safeParse(value).success;
      const date = ok ? new Date(dateOnly ? `${value}T00:00:00Z` : value) : new Date(NaN);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: "custom", message: `${field} must be a date (YYYY-MM-DD) or an ISO 8601 date-time` });
        return z.NEVER;
      }
      const now = Date.now();
      if (date.getTime() <= now) ctx.addIssue({ code: "custom", message: `${field} must be in the future` });
      else if (date.getTime() > now + MAX_EXPIRY_DAYS * 86_400_000)
        ctx.addIssue({ code: "custom", message: `${field} must be within ${MAX_EXPIRY_DAYS / 365} years` });
      return date;
    });

export const expiresField = expiryField("expires");

export const reasonField = z
  .string({ error: "reason must be a string" })
  .max(REASON_MAX, `reason must be at most ${REASON_MAX} characters`)
  .refine((v) => !hasUnsafeCharacters(v, { allowNewlines: true }), "reason contains control, bidirectional or invisible characters")
  .transform((v) => v.trim() || null);

export const clientNameField = (field: string) => safeName(field, CLIENT_NAME_MAX);

function urlField(field: string, validate: (v: string) => string) {
  return z.string({ error: `${field} must be a string` }).transform((value, ctx) => {
    try {
      return validate(value);
    } catch (error) {
      if (!(error instanceof ClientUrlError)) throw error;
      ctx.addIssue({ code: "custom", message: `${field} ${error.message}` });
      return z.NEVER;
    }
  });
}

export const clientUrlField = (field: string) => urlField(field, validateClientUrl);
export const callbackField = (field: string) => urlField(field, validateCallbackUrl);

/** The fields of one provider's request, shared by dialect A's body and dialect B's entries. */
export function scopeShape(capabilities: readonly [string, ...string[]]) {
  return {
    provider: providerField,
    models: modelsField.nullish(),
    capabilities: capabilitiesField(capabilities).nullish(),
    limits: limitsField.nullish(),
    expires: expiresField.nullish(),
    reason: reasonField.nullish(),
  };
}

/** A validated wire entry (either dialect) in the vault's form: absent lists and limits made explicit. */
export function toRequestedEntry(e: {
  provider: RequestedEntry["provider"];
  models?: string[] | null;
  capabilities?: string[] | null;
  limits?: Limits | null;
  expires?: Date | null;
  reason?: string | null;
}): RequestedEntry {
  return {
    provider: e.provider,
    models: e.models ?? [],
    capabilities: e.capabilities?.length ? e.capabilities : [...DEFAULT_CAPABILITIES],
    limits: e.limits ?? {},
    expires: e.expires ?? null,
    reason: e.reason ?? null,
  };
}
