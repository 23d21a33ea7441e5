/** Every matching audit event, newest first, as CSV (spreadsheet-safe) or a JSON array, streamed. */
import type { Db } from "@/lib/foundation/db/client";
import { exportResponse } from "@/lib/foundation/csv/export-response";
import { auditWhere } from "@/lib/domain/audit/list-audit-events";
import { auditExportQuery, toAuditEventView } from "@/lib/domain/audit/schemas";
import { parseInput } from "@/lib/foundation/validation/parse-input";

type Row = Awaited<ReturnType<Db["auditEvent"]["findMany"]>>[number];

const CSV_HEADER = ["seq", "created_at", "action", "actor_type", "actor_id", "target_type", "target_id", "ip", "user_agent", "metadata"];

/** `query` is the caller's query as received: the filters and `format`, checked with auditExportQuery. */
export function exportAuditEvents(db: Db, viewer: { id: string; role: string }, query: unknown): Response {
  const { format, ...filter } = parseInput(auditExportQuery, query);
  const where = auditWhere(viewer, filter);
  return exportResponse<Row>({
    format,
    name: "okap-vault-audit",
    header: CSV_HEADER,
    fetch: (last, batch) =>
      db.auditEvent.findMany({ where: last ? { AND: [where, { seq: { lt: last.seq } }] } : where, orderBy: { seq: "desc" }, take: batch }),
    render: async (rows) =>
      rows.map(toAuditEventView).map((v) => ({
        csv: [v.seq, v.created_at, v.action, v.actor.type, v.actor.id, v.target.type, v.target.id, v.ip, v.user_agent, v.metadata],
        json: v,
      })),
  });
}
