import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { exportUsageEvents } from "@/lib/domain/usage/export-usage-events";

/** The usage page's "Export CSV": the same filters and format as GET /api/v1/usage/export. */
export const GET = uiRoute(async ({ user, query }) => exportUsageEvents(db(), user.id, query));
