/**
 * Every matching usage event, newest first, as CSV (spreadsheet-safe: model names and other
 * app-controlled text cannot run as formulas) or a JSON array, streamed. Cost is exact: decimal USD
 * and integer µ$.
 */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { exportResponse } from "@/lib/foundation/csv/export-response";
import { microsToDecimal } from "@/lib/foundation/money/micros";
import { clientNamesOf, toUsageEventView } from "@/lib/domain/usage/usage-event-view";
import { pastCursor } from "@/lib/domain/usage/usage-cursor";
import { usageFilters, usageWhere } from "@/lib/domain/usage/usage-filter";
import { parseInput } from "@/lib/foundation/validation/parse-input";

type Row = Awaited<ReturnType<Db["usageEvent"]["findMany"]>>[number];

const CSV_HEADER = [
  "created_at",
  "id",
  "app",
  "grant_id",
  "provider",
  "model",
  "endpoint",
  "status",
  "outcome",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "cache_write_1h_tokens",
  "reasoning_tokens",
  "input_audio_tokens",
  "output_audio_tokens",
  "input_image_tokens",
  "output_image_tokens",
  "cost_usd",
  "cost_micros",
  "estimated",
  "latency_ms",
  "ttfb_ms",
];

/** The usage page's "Export CSV" and GET /api/v1/usage/export: the filters and `format`. */
export const usageExportQuery = z
  .object({ ...usageFilters, format: z.enum(["csv", "json"], { error: 'format must be "csv" or "json"' }) })
  .strict();

/** `query` is the caller's query as received, checked with usageExportQuery. */
export function exportUsageEvents(db: Db, userId: string, query: unknown): Response {
  const { format, ...filter } = parseInput(usageExportQuery, query);
  const where = usageWhere(userId, filter);
  return exportResponse<Row>({
    format,
    name: "okap-vault-usage",
    header: CSV_HEADER,
    // keyset: each batch starts at the index position after the last row, so the export reads every row once
    fetch: (last, batch) => {
      const past = last ? pastCursor({ direction: "older", createdAt: last.createdAt, id: last.id }) : null;
      return db.usageEvent.findMany({
        where: past ? { AND: [where, past.where] } : where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: batch,
      });
    },
    render: async (rows) => {
      const names = await clientNamesOf(
        db,
        userId,
        rows.map((r) => r.grantId),
      );
      return rows.map((row) => {
        const v = toUsageEventView(row, names);
        return {
          csv: [
            v.created_at,
            v.id,
            v.client_name,
            v.grant_id,
            v.provider,
            v.model,
            v.endpoint,
            v.status,
            v.outcome,
            v.input_tokens,
            v.output_tokens,
            v.cache_read_tokens,
            v.cache_write_tokens,
            v.cache_write_1h_tokens,
            v.reasoning_tokens,
            v.input_audio_tokens,
            v.output_audio_tokens,
            v.input_image_tokens,
            v.output_image_tokens,
            microsToDecimal(row.costMicros),
            v.cost_micros,
            v.estimated,
            v.latency_ms,
            v.ttfb_ms,
          ],
          json: v,
        };
      });
    },
  });
}
