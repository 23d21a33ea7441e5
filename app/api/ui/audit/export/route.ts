import { exportAuditEvents } from "@/lib/audit/export-audit-events";
import { auditExportQuery } from "@/lib/audit/schemas";
import { db } from "@/lib/db/client";
import { uiRoute } from "@/lib/http/ui-route";
import { parseInput } from "@/lib/validation/parse-input";

export const GET = uiRoute(async ({ req, user }) => {
  const query = parseInput(auditExportQuery, Object.fromEntries(new URL(req.url).searchParams));
  return exportAuditEvents(db(), user, query, query.format);
});
