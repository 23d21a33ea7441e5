import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { paginationQuery, skipTake } from "@/lib/foundation/validation/pagination";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { listApiCalls } from "@/lib/domain/api-calls/list-api-calls";
import type { ApiCallView } from "@/lib/domain/api-calls/api-call-view";

/** GET /api/v1/api-calls: `grant_id`, `origin`, `blocked` and the page. */
export const apiCallPageQuery = z
  .object({
    grant_id: z.string().max(64).optional(),
    origin: z.string().max(300).optional(),
    blocked: z.enum(["true", "false"]).optional(),
    ...paginationQuery,
  })
  .strict();

export async function listApiCallPage(
  db: Db,
  userId: string,
  input: unknown,
): Promise<{ data: ApiCallView[]; page: number; limit: number; total: number }> {
  const { page, limit, ...filter } = parseInput(apiCallPageQuery, input ?? {});
  const { skip, take } = skipTake({ page, limit });
  const { data, total } = await listApiCalls(db, userId, { ...filter, limit: take, offset: skip });
  return { data, page, limit, total };
}
