import { exportAuditEvents } from "@/lib/domain/audit/export-audit-events";
import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

export const GET = uiRoute(async ({ user, query }) => exportAuditEvents(db(), user, query));
