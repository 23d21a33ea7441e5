/** What the owner sends to approve a request (UI and CLI): only tightening choices. */
import { z } from "zod";
import { usdInput } from "@/lib/domain/grants/grant-defaults";
import type { ApprovalChoices } from "@/lib/domain/grants/resolve-approved-grant";
import { methodField } from "@/lib/engines/okap/api-entry";
import { expiryField, providerField } from "@/lib/engines/okap/fields";
import type { Limits } from "@/lib/engines/okap/types";

const count = (field: string) =>
  z
    .number({ error: `${field} must be a whole number` })
    .int(`${field} must be a whole number`)
    .min(1, `${field} must be at least 1`)
    .max(100_000_000);

const entryChoice = z
  .object({
    provider: providerField,
    /** true: this provider is left out of the grant (a request for several providers keeps the rest). */
    excluded: z.boolean({ error: "excluded must be true or false" }).nullish(),
    provider_key_id: z.string().max(64).nullish(),
    models: z.array(z.string().max(128)).max(50).nullish(),
    capabilities: z.array(z.string().max(32)).max(16).nullish(),
    limits: z
      .object({
        monthly_spend: usdInput("monthly_spend").nullish(),
        daily_spend: usdInput("daily_spend").nullish(),
        requests_per_minute: count("requests_per_minute").nullish(),
        requests_per_day: count("requests_per_day").nullish(),
        tokens_per_request: count("tokens_per_request").nullish(),
      })
      .strict()
      .nullish(),
  })
  .strict();

const pathPrefix = z
  .string({ error: "each path prefix must be a string" })
  .max(200, "a path prefix is at most 200 characters")
  .regex(/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/, "a path prefix starts with / and holds only URL path characters (no %, ?, #)")
  .refine((v) => !v.split("/").some((s) => s === "." || s === ".."), "a path prefix has no . or .. segments");

const apiEntryChoice = z
  .object({
    /** The position of the entry among the request's api_access entries. */
    index: z.number().int().min(0).max(9),
    excluded: z.boolean({ error: "excluded must be true or false" }).nullish(),
    credential_ids: z.array(z.string().max(64)).max(20).nullish(),
    methods: z.array(methodField).max(14).nullish(),
    path_prefixes: z.array(pathPrefix).max(20).nullish(),
    limits: z
      .object({ requests_per_minute: count("requests_per_minute").nullish(), requests_per_day: count("requests_per_day").nullish() })
      .strict()
      .nullish(),
  })
  .strict();

export const approveInput = z
  .object({
    entries: z.array(entryChoice).max(10).nullish(),
    api_entries: z.array(apiEntryChoice).max(10).nullish(),
    expires_at: expiryField("expires_at").nullish(),
    /** Required when a redirect request's callback is on another origin than the app's URL. */
    confirm_callback: z.boolean().nullish(),
  })
  .strict();

export type ApproveInput = z.output<typeof approveInput>;

export function toApprovalChoices(input: ApproveInput): ApprovalChoices {
  const entries: ApprovalChoices["entries"] = {};
  for (const e of input.entries ?? []) {
    const limits: Limits = Object.fromEntries(Object.entries(e.limits ?? {}).filter(([, v]) => v !== null && v !== undefined));
    entries[e.provider] = {
      excluded: e.excluded ?? false,
      providerKeyId: e.provider_key_id ?? null,
      models: e.models ?? null,
      capabilities: e.capabilities ?? null,
      limits,
    };
  }
  const apiEntries: NonNullable<ApprovalChoices["apiEntries"]> = {};
  for (const e of input.api_entries ?? []) {
    apiEntries[e.index] = {
      excluded: e.excluded ?? false,
      credentialIds: e.credential_ids ?? null,
      methods: e.methods ?? null,
      pathPrefixes: e.path_prefixes ?? null,
      limits: Object.fromEntries(Object.entries(e.limits ?? {}).filter(([, v]) => v !== null && v !== undefined)),
    };
  }
  return { entries, apiEntries, expiresAt: input.expires_at ?? null };
}
