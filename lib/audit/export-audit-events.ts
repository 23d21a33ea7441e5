/**
 * Streams every matching audit event, newest first, as CSV (spreadsheet-safe) or a JSON array, in
 * batches so a long log never sits in memory at once.
 */
import type { Db } from "@/lib/db/client";
import { csvRow } from "@/lib/csv/to-csv";
import { auditWhere } from "@/lib/audit/list-audit-events";
import { toAuditEventView, type AuditFilter } from "@/lib/audit/schemas";

const BATCH = 1000;
const CSV_HEADER = ["seq", "created_at", "action", "actor_type", "actor_id", "target_type", "target_id", "ip", "user_agent", "metadata"];

export function exportAuditEvents(db: Db, viewer: { id: string; role: string }, filter: AuditFilter, format: "csv" | "json"): Response {
  const where = auditWhere(viewer, filter);
  const encoder = new TextEncoder();
  let cursor: number | undefined;
  let written = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? csvRow(CSV_HEADER) : "["));
    },
    async pull(controller) {
      const rows = await db.auditEvent.findMany({
        where: cursor === undefined ? where : { AND: [where, { seq: { lt: cursor } }] },
        orderBy: { seq: "desc" },
        take: BATCH,
      });
      let chunk = "";
      for (const row of rows) {
        const view = toAuditEventView(row);
        chunk +=
          format === "csv"
            ? csvRow([view.seq, view.created_at, view.action, view.actor.type, view.actor.id, view.target.type, view.target.id, view.ip, view.user_agent, view.metadata])
            : (written === 0 ? "" : ",") + JSON.stringify(view);
        written++;
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (rows.length < BATCH) {
        if (format === "json") controller.enqueue(encoder.encode("]\n"));
        controller.close();
      } else {
        cursor = rows[rows.length - 1]!.seq;
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
      "content-disposition": `attachment; filename="okap-vault-audit-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
}
