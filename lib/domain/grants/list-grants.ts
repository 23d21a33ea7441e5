/** The owner's grants (pages, CLI, management API), newest first: never a token hash or plaintext. */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { skipTake, type Page } from "@/lib/foundation/validation/pagination";
import { isProviderId } from "@/lib/engines/providers/registry";
import { GRANT_STATUSES, loadGrantViews, type GrantStatus, type GrantView } from "@/lib/domain/grants/grant-view";

export const grantFilters = {
  status: z.enum(GRANT_STATUSES, { error: `status must be one of ${GRANT_STATUSES.join(", ")}` }).optional(),
  provider: z.string().refine(isProviderId, "unknown provider").optional(),
};

type GrantFilter = { status?: GrantStatus; provider?: string };

function statusWhere(status: GrantStatus | undefined, now: Date) {
  switch (status) {
    case undefined:
      return {};
    case "revoked":
      return { status: "revoked" };
    case "expired":
      return { status: { not: "revoked" }, expiresAt: { lte: now } };
    default:
      return { status, expiresAt: { gt: now } };
  }
}

export async function listGrants(
  db: Db,
  userId: string,
  filter: GrantFilter = {},
  page?: Page,
  now = new Date(),
): Promise<{ data: GrantView[]; total: number }> {
  const where = {
    userId,
    ...statusWhere(filter.status, now),
    ...(filter.provider ? { scopes: { some: { provider: filter.provider } } } : {}),
  };
  const [data, total] = await Promise.all([loadGrantViews(db, where, now, page ? skipTake(page) : undefined), db.grant.count({ where })]);
  return { data, total };
}
