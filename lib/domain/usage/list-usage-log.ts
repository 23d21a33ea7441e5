import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { paginationQuery } from "@/lib/foundation/validation/pagination";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { listUsagePage } from "@/lib/domain/usage/list-usage-page";
import { usageFilters } from "@/lib/domain/usage/usage-filter";

/** GET /api/v1/usage: the filters and the page. */
export const usageListQuery = z.object({ ...usageFilters, ...paginationQuery }).strict();

/** One page of a user's proxied requests for the management API; `query` as received. */
export function listUsageLog(db: Db, userId: string, query: unknown) {
  const { page, limit, ...filter } = parseInput(usageListQuery, query);
  return listUsagePage(db, userId, filter, { page, limit });
}
