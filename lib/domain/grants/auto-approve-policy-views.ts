/** Input and output shapes of auto-approve policies (management UI and API). */
import { z } from "zod";
import { ClientUrlError, validateClientUrl } from "@/lib/engines/okap/client-url";
import { modelsField, providerField } from "@/lib/engines/okap/fields";
import { safeName } from "@/lib/foundation/text/safe-text";
import { usdInput } from "@/lib/domain/grants/grant-defaults";
import type { PolicyRow } from "@/lib/domain/grants/auto-approve-policy";

const origin = z.string({ error: "client_origin must be a string" }).transform((value, ctx) => {
  try {
    const url = new URL(validateClientUrl(value.trim()));
    if (url.pathname !== "/" || url.search) throw new ClientUrlError("must be an origin only, like https://app.example.com");
    return url.origin;
  } catch (error) {
    if (!(error instanceof ClientUrlError)) throw error;
    ctx.addIssue({ code: "custom", message: `client_origin ${error.message}` });
    return z.NEVER;
  }
});

export const policyInput = z
  .object({
    name: safeName("name", 64),
    client_origin: origin,
    provider: providerField,
    models: modelsField,
    max_monthly_spend: usdInput("max_monthly_spend"),
    max_daily_spend: usdInput("max_daily_spend").nullish(),
    max_requests_per_minute: z.number().int().min(1).max(1_000_000).nullish(),
    max_expiry_days: z.number({ error: "max_expiry_days must be a number" }).int().min(1).max(1825),
  })
  .strict();

export type PolicyView = {
  id: string;
  name: string;
  client_origin: string;
  provider: string;
  models: string[];
  max_monthly_spend: number;
  max_daily_spend: number | null;
  max_requests_per_minute: number | null;
  max_expiry_days: number;
  enabled: boolean;
  created_at: string;
};

export function toPolicyView(row: PolicyRow & { createdAt: Date }): PolicyView {
  return {
    id: row.id,
    name: row.name,
    client_origin: row.clientOrigin,
    provider: row.provider,
    models: z.array(z.string()).parse(JSON.parse(row.models)),
    max_monthly_spend: Number(row.maxMonthlyMicros) / 1e6,
    max_daily_spend: row.maxDailyMicros === null ? null : Number(row.maxDailyMicros) / 1e6,
    max_requests_per_minute: row.maxRequestsPerMinute,
    max_expiry_days: row.maxExpiryDays,
    enabled: row.enabled,
    created_at: row.createdAt.toISOString(),
  };
}
