import { z } from "zod";
import { paginationQuery, skipTake } from "@/lib/foundation/validation/pagination";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import type { Db } from "@/lib/foundation/db/client";
import {
  listAccessRequests,
  requestStatusWhere,
  statusFilter,
  type AccessRequestView,
} from "@/lib/domain/access-requests/list-access-requests";

/** The management API's output contract for a request (what the inbox shows; no poll secret, no code). */
export const accessRequestView = z.object({
  id: z.string(),
  status: z.enum(["pending", "approved", "denied", "expired", "abandoned"]),
  dialect: z.enum(["a", "b"]),
  delivery: z.string(),
  client_name: z.string(),
  client_url: z.string().nullable(),
  callback_url: z.string().nullable(),
  providers: z.array(
    z.object({
      provider: z.string(),
      models: z.array(z.string()),
      capabilities: z.array(z.string()),
      limits: z.record(z.string(), z.number()),
      expires: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  apis: z.array(
    z.object({
      hosts: z.array(z.string()),
      credentials: z.array(z.string()),
      methods: z.array(z.string()),
      limits: z.record(z.string(), z.number()),
      expires: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  extends_grant: z.object({ grant_id: z.string(), host: z.string(), credentials: z.array(z.string()) }).nullable(),
  created_at: z.string(),
  expires_at: z.string(),
  decided_at: z.string().nullable(),
  decided_by: z.string().nullable(),
  grant_id: z.string().nullable(),
}) satisfies z.ZodType<AccessRequestView>;

/** GET /api/v1/requests: `status` and the page. */
export const accessRequestPageQuery = z.object({ status: statusFilter.optional(), ...paginationQuery }).strict();

/** One page of a user's access requests, newest first, with the total that match; `query` as received. */
export async function listAccessRequestPage(db: Db, userId: string, query: unknown, now = new Date()) {
  const { status, page, limit } = parseInput(accessRequestPageQuery, query);
  const [data, total] = await Promise.all([
    listAccessRequests(db, userId, { status, limit, skip: skipTake({ page, limit }).skip }, now),
    db.accessRequest.count({ where: requestStatusWhere(userId, status, now) }),
  ]);
  return { data, page, limit, total };
}
