import { exportUsageOperation } from "@/lib/surfaces/management-api/operations/usage";
import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { exportUsageEvents } from "@/lib/domain/usage/export-usage-events";
import { parseInput } from "@/lib/foundation/validation/parse-input";

/** The usage page's "Export CSV": the same filters and format as GET /api/v1/usage/export. */
export const GET = uiRoute(async ({ req, user }) => {
  const query = parseInput(exportUsageOperation.query!, Object.fromEntries(new URL(req.url).searchParams));
  return exportUsageEvents(db(), user.id, query, query.format);
});
