/**
 * A download of many rows as CSV (spreadsheet-safe, lib/foundation/csv/to-csv.ts) or a JSON array, streamed in
 * batches so a long history never sits in memory at once. The caller pages through its rows with a
 * cursor (the last row of a batch) and says how each row looks in both formats.
 */
import { csvRow } from "@/lib/foundation/csv/to-csv";

type ExportSource<Row> = {
  format: "csv" | "json";
  /** The file name without the extension; today's date is appended. */
  name: string;
  header: string[];
  /** The next batch after `last` (undefined for the first); fewer than `batch` rows ends the export. */
  fetch: (last: Row | undefined, batch: number) => Promise<Row[]>;
  /** Maps a batch to its CSV cells and JSON values (e.g. with one lookup per batch). */
  render: (rows: Row[]) => Promise<{ csv: unknown[]; json: unknown }[]>;
};

const BATCH = 1000;

export function exportResponse<Row>(source: ExportSource<Row>): Response {
  const { format } = source;
  const encoder = new TextEncoder();
  let last: Row | undefined;
  let written = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? csvRow(source.header) : "["));
    },
    async pull(controller) {
      const rows = await source.fetch(last, BATCH);
      let chunk = "";
      for (const item of await source.render(rows)) {
        chunk += format === "csv" ? csvRow(item.csv) : (written === 0 ? "" : ",") + JSON.stringify(item.json);
        written++;
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (rows.length < BATCH) {
        if (format === "json") controller.enqueue(encoder.encode("]\n"));
        controller.close();
      } else {
        last = rows[rows.length - 1];
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
      "content-disposition": `attachment; filename="${source.name}-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
}
