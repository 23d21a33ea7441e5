/**
 * What an owner may change on a grant (UI, management API PATCH): its status (active/paused), its
 * expiry, and each entry's limits. Nothing else: every other field, including those a grant shows but
 * nobody sets (spend, ids, tokens, hashes, owner), is refused as unknown (mass
 * assignment); nothing is silently ignored.
 */
import { z } from "zod";
import { usdInput } from "@/lib/domain/grants/grant-defaults";
import { expiryField } from "@/lib/engines/okap/fields";

const count = (field: string) =>
  z
    .number({ error: `${field} must be a whole number or null` })
    .int(`${field} must be a whole number`)
    .min(1, `${field} must be at least 1`)
    .max(100_000_000, `${field} is too large`);

const monthly = z.union([z.number(), z.string(), z.null()], { error: "monthly_spend must be a dollar amount" }).transform((value, ctx) => {
  if (value === null) {
    ctx.addIssue({ code: "custom", message: "monthly_spend cannot be removed: every grant keeps a monthly cap" });
    return z.NEVER;
  }
  const parsed = usdInput("monthly_spend").safeParse(value);
  if (!parsed.success) {
    ctx.addIssue({ code: "custom", message: parsed.error.issues[0]!.message });
    return z.NEVER;
  }
  return parsed.data;
});

/** A limit left out stays as it is; null removes it (not the monthly cap). Money in USD. */
const limitsPatch = z.strictObject(
  {
    monthly_spend: monthly.optional(),
    daily_spend: usdInput("daily_spend").nullable().optional(),
    requests_per_minute: count("requests_per_minute").nullable().optional(),
    requests_per_day: count("requests_per_day").nullable().optional(),
    tokens_per_request: count("tokens_per_request").nullable().optional(),
  },
  { error: "limits must be an object" },
);

export const grantPatchInput = z
  .strictObject({
    status: z.enum(["active", "paused"], { error: 'status must be "active" or "paused" (revoke with POST .../revoke)' }).optional(),
    expires_at: expiryField("expires_at").optional(),
    limits: limitsPatch.optional().describe("for a grant with one entry; use scopes[] when it has several"),
    scopes: z
      .array(z.strictObject({ id: z.string({ error: "scopes[].id is required" }).max(64), limits: limitsPatch }))
      .max(10, "at most 10 scopes")
      .optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), "nothing to change: send status, expires_at, limits or scopes");

export type GrantPatch = z.output<typeof grantPatchInput>;
export type LimitsPatch = z.output<typeof limitsPatch>;
