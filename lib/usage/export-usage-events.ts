/**
 * Streams every matching usage event, newest first, as CSV (spreadsheet-safe: model names and other
 * app-controlled text cannot run as formulas) or a JSON array, in batches so a long history never
 * sits in memory at once. Cost is exact: decimal USD and integer µ$.
 */
import type { Db } from "@/lib/db/client";
import { csvRow } from "@/lib/csv/to-csv";
import { microsToDecimal } from "@/lib/money/micros";
import { clientNamesOf, toUsageEventView } from "./usage-event-view";
import { usageWhere, type UsageFilter } from "./usage-filter";

const BATCH = 1000;
const CSV_HEADER = [
  "created_at", "id", "app", "grant_id", "provider", "model", "endpoint", "status", "outcome", "input_tokens", "output_tokens", "cache_read_tokens",
  "cache_write_tokens", "cache_write_1h_tokens", "reasoning_tokens", "cost_usd", "cost_micros", "estimated", "latency_ms", "ttfb_ms",
];

export function exportUsageEvents(db: Db, userId: string, filter: UsageFilter, format: "csv" | "json"): Response {
  const where = usageWhere(userId, filter);
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let written = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? csvRow(CSV_HEADER) : "["));
    },
    async pull(controller) {
      const rows = await db.usageEvent.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: BATCH,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      const names = await clientNamesOf(db, userId, rows.map((r) => r.grantId));
      let chunk = "";
      for (const row of rows) {
        const v = toUsageEventView(row, names);
        chunk +=
          format === "csv"
            ? csvRow([
                v.created_at, v.id, v.client_name, v.grant_id, v.provider, v.model, v.endpoint, v.status, v.outcome, v.input_tokens, v.output_tokens,
                v.cache_read_tokens, v.cache_write_tokens, v.cache_write_1h_tokens, v.reasoning_tokens, microsToDecimal(row.costMicros), v.cost_micros,
                v.estimated, v.latency_ms, v.ttfb_ms,
              ])
            : (written === 0 ? "" : ",") + JSON.stringify(v);
        written++;
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (rows.length < BATCH) {
        if (format === "json") controller.enqueue(encoder.encode("]\n"));
        controller.close();
      } else {
        cursor = rows[rows.length - 1]!.id;
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
      "content-disposition": `attachment; filename="okap-vault-usage-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
}
