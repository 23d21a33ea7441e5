import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { countPendingRequests, listAccessRequests, statusFilter } from "@/lib/domain/access-requests/list-access-requests";

const INBOX_SIZE = 50;

/** GET /api/ui/requests[?status=pending]: other parameters (a cache buster) are ignored. */
export const requestInboxQuery = z.object({ status: statusFilter.optional() });

/** The inbox the Requests page and the navigation poll: the newest requests and how many wait. */
export async function listRequestInbox(db: Db, userId: string, query: unknown) {
  const { status } = parseInput(requestInboxQuery, query);
  const [data, pending] = await Promise.all([
    listAccessRequests(db, userId, { status, limit: INBOX_SIZE }),
    countPendingRequests(db, userId),
  ]);
  return { data, pending_count: pending };
}
