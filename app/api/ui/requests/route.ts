import { countPendingRequests, listAccessRequests, statusFilter } from "@/lib/domain/access-requests/list-access-requests";
import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { parseInput } from "@/lib/foundation/validation/parse-input";

/** GET /api/ui/requests[?status=pending]: the inbox (polled by the Requests page and the navigation). */
export const GET = uiRoute(async ({ req, user }) => {
  const raw = new URL(req.url).searchParams.get("status");
  const status = raw === null ? undefined : parseInput(statusFilter, raw);
  return { data: await listAccessRequests(db(), user.id, { status, limit: 50 }), pending_count: await countPendingRequests(db(), user.id) };
});
