/** An owner price as the CLI and the UI show it: USD per million tokens as exact decimal strings. */
import { z } from "zod";
import { microsToDecimal } from "@/lib/foundation/money/micros";
import type { PriceOverrideRecord } from "@/lib/engines/ledger/ledger-store";

export const priceView = z.object({
  provider: z.string(),
  model: z.string(),
  input_usd_per_mtok: z.string(),
  output_usd_per_mtok: z.string(),
  cache_read_usd_per_mtok: z.string().nullable(),
  cache_write_usd_per_mtok: z.string().nullable(),
  cache_write_1h_usd_per_mtok: z.string().nullable(),
  updated_at: z.string(),
});
export type PriceView = z.infer<typeof priceView>;

type Row = PriceOverrideRecord & { updatedAt: Date };

const opt = (v: bigint | null) => (v === null ? null : microsToDecimal(v));

export function toPriceView(row: Row): PriceView {
  return {
    provider: row.provider,
    model: row.model,
    input_usd_per_mtok: microsToDecimal(row.inputMicrosPerMtok),
    output_usd_per_mtok: microsToDecimal(row.outputMicrosPerMtok),
    cache_read_usd_per_mtok: opt(row.cacheReadMicrosPerMtok),
    cache_write_usd_per_mtok: opt(row.cacheWriteMicrosPerMtok),
    cache_write_1h_usd_per_mtok: opt(row.cacheWrite1hMicrosPerMtok),
    updated_at: row.updatedAt.toISOString(),
  };
}
