/**
 * A page's search params as usage filters: empty values dropped, invalid ones reported (the page
 * shows a warning and falls back to no filter) instead of failing the page.
 */
import { z } from "zod";
import { paginationQuery } from "@/lib/foundation/validation/pagination";
import { usageCursorParam, type UsageCursor } from "@/lib/domain/usage/usage-cursor";
import { usageFilters, type UsageFilter } from "@/lib/domain/usage/usage-filter";

const pageSearch = z.object({ ...usageFilters, ...paginationQuery, cursor: usageCursorParam }).strip();

export function parseUsageSearch(
  search: Record<string, string | string[] | undefined>,
  limit: number,
): { filter: UsageFilter & { page: number; limit: number; cursor?: UsageCursor }; raw: Record<string, string>; problem: string | null } {
  const raw = Object.fromEntries(
    Object.entries(search).filter(([k, v]) => typeof v === "string" && v !== "" && k in pageSearch.shape),
  ) as Record<string, string>;
  const parsed = pageSearch.safeParse({ ...raw, limit: String(limit) });
  if (parsed.success) return { filter: parsed.data, raw, problem: null };
  return { filter: pageSearch.parse({ limit: String(limit) }), raw: {}, problem: parsed.error.issues[0]?.message ?? "invalid filter" };
}
