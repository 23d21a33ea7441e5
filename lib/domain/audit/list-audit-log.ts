import type { Db } from "@/lib/foundation/db/client";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { listAuditEvents } from "@/lib/domain/audit/list-audit-events";
import { auditListQuery } from "@/lib/domain/audit/schemas";

/** One page of the audit log for the management API; `query` as received, checked with auditListQuery. */
export function listAuditLog(db: Db, viewer: { id: string; role: string }, query: unknown) {
  const { page, limit, ...filter } = parseInput(auditListQuery, query);
  return listAuditEvents(db, viewer, filter, { page, limit });
}
