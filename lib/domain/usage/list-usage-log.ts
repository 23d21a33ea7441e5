import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { pageEnvelope, paginationQuery } from "@/lib/foundation/validation/pagination";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { listUsagePage } from "@/lib/domain/usage/list-usage-page";
import { usageCursorParam } from "@/lib/domain/usage/usage-cursor";
import { usageEventView } from "@/lib/domain/usage/usage-event-view";
import { usageFilters } from "@/lib/domain/usage/usage-filter";

/** GET /api/v1/usage: the filters and the page (a `cursor` from the last answer, or a page number). */
export const usageListQuery = z.object({ ...usageFilters, ...paginationQuery, cursor: usageCursorParam }).strict();

export const usageListView = pageEnvelope(usageEventView).extend({
  next_cursor: z.string().nullable().describe("pass as `cursor` for the next (older) page; null on the last page"),
  prev_cursor: z.string().nullable().describe("pass as `cursor` for the previous (newer) page; null on the first page"),
});

/** One page of a user's proxied requests for the management API; `query` as received. */
export async function listUsageLog(db: Db, userId: string, query: unknown): Promise<z.infer<typeof usageListView>> {
  const { page, limit, cursor, ...filter } = parseInput(usageListQuery, query);
  const { older, newer, ...rest } = await listUsagePage(db, userId, filter, { page, limit, cursor });
  return { ...rest, next_cursor: older, prev_cursor: newer };
}
