import { listRequestInbox } from "@/lib/domain/access-requests/list-request-inbox";
import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

/** GET /api/ui/requests[?status=pending]: the inbox (polled by the Requests page and the navigation). */
export const GET = uiRoute(async ({ user, query }) => listRequestInbox(db(), user.id, query));
