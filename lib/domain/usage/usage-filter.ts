/**
 * Filters shared by the usage page, its CSV export, the grant page's request log and the management
 * API: app (grant), provider, model, outcome, and a date range [since, until).
 */
import { z } from "zod";
import { isProviderId } from "@/lib/engines/providers/registry";
import { isoDate } from "@/lib/foundation/validation/iso-date";

export const OUTCOMES = [
  "pending",
  "ok",
  "upstream_error",
  "client_abort",
  "timeout",
  "revoked",
  "shutdown",
  "swept",
  "vault_restarted",
  "not_sent",
] as const;

export const usageFilters = {
  grant_id: z.string().max(64, "grant_id is too long").optional(),
  provider: z.string().refine(isProviderId, "unknown provider").optional(),
  model: z.string().max(200, "model is too long").optional(),
  outcome: z.enum(OUTCOMES, { error: `outcome must be one of ${OUTCOMES.join(", ")}` }).optional(),
  since: isoDate("since").optional(),
  until: isoDate("until").optional(),
};

export type UsageFilter = { grant_id?: string; provider?: string; model?: string; outcome?: string; since?: Date; until?: Date };

/** The Prisma where clause of a filter; always one user's events. */
export function usageWhere(userId: string, f: UsageFilter) {
  return {
    userId,
    ...(f.grant_id ? { grantId: f.grant_id } : {}),
    ...(f.provider ? { provider: f.provider } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.since || f.until ? { createdAt: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) } } : {}),
  };
}
