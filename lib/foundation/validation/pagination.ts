import { z } from "zod";

export const MAX_LIMIT = 100;

/** `page` (from 1) and `limit` (1..100, default 20) query parameters. */
export const paginationQuery = {
  page: z.coerce
    .number({ error: "page must be a number" })
    .int("page must be a whole number")
    .min(1, "page starts at 1")
    .max(1_000_000)
    .default(1),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`)
    .default(20),
};

export type Page = { page: number; limit: number };

export function pageEnvelope<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), page: z.number().int(), limit: z.number().int(), total: z.number().int() });
}

/** The rows of one page: every paginated list computes its offset here. */
export function skipTake({ page, limit }: Page): { skip: number; take: number } {
  return { skip: (page - 1) * limit, take: limit };
}
