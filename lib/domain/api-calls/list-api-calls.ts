import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { toApiCallView, type ApiCallView } from "@/lib/domain/api-calls/api-call-view";

export const apiCallFilter = z
  .object({
    grant_id: z.string().max(64).optional(),
    origin: z.string().max(300).optional(),
    blocked: z.enum(["true", "false"]).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

/** The owner's credential-proxy calls, newest first, with the total for paging. */
export async function listApiCalls(db: Db, userId: string, input: unknown): Promise<{ data: ApiCallView[]; total: number }> {
  const f = parseInput(apiCallFilter, input ?? {});
  const where = {
    userId,
    ...(f.grant_id ? { grantId: f.grant_id } : {}),
    ...(f.origin ? { origin: f.origin } : {}),
    ...(f.blocked === "true" ? { blockedReason: { not: null } } : f.blocked === "false" ? { blockedReason: null } : {}),
  };
  const [rows, total] = await Promise.all([
    db.apiCall.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: f.limit, skip: f.offset }),
    db.apiCall.count({ where }),
  ]);
  return { data: rows.map(toApiCallView), total };
}
