import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { paginationQuery } from "@/lib/foundation/validation/pagination";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { grantFilters, listGrants } from "@/lib/domain/grants/list-grants";

/** GET /api/v1/grants: the filters and the page. */
export const grantPageQuery = z.object({ ...grantFilters, ...paginationQuery }).strict();

/** One page of the owner's grants, newest first, with the total that match; `query` as received. */
export async function listGrantPage(db: Db, userId: string, query: unknown, now = new Date()) {
  const { page, limit, ...filter } = parseInput(grantPageQuery, query);
  return { ...(await listGrants(db, userId, filter, { page, limit }, now)), page, limit };
}
