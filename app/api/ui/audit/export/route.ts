import { exportAuditEvents } from "@/lib/domain/audit/export-audit-events";
import { auditExportQuery } from "@/lib/domain/audit/schemas";
import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { parseInput } from "@/lib/foundation/validation/parse-input";

export const GET = uiRoute(async ({ req, user }) => {
  const query = parseInput(auditExportQuery, Object.fromEntries(new URL(req.url).searchParams));
  return exportAuditEvents(db(), user, query, query.format);
});
