import { exportUsageEndpoint } from "@/lib/api/endpoints/usage";
import { db } from "@/lib/db/client";
import { uiRoute } from "@/lib/http/ui-route";
import { exportUsageEvents } from "@/lib/usage/export-usage-events";
import { parseInput } from "@/lib/validation/parse-input";

/** The usage page's "Export CSV": the same filters and format as GET /api/v1/usage/export. */
export const GET = uiRoute(async ({ req, user }) => {
  const query = parseInput(exportUsageEndpoint.query!, Object.fromEntries(new URL(req.url).searchParams));
  return exportUsageEvents(db(), user.id, query, query.format);
});
