import { z } from "zod";
import type { GrantedScope } from "@/lib/engines/okap/render-outcome";

const list = z.array(z.string());

type ScopeRow = {
  provider: string;
  models: string;
  capabilities: string;
  monthlyCapMicros: bigint | null;
  dailyCapMicros: bigint | null;
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
  maxTokensPerRequest: number | null;
};

/** A stored GrantScope as the wire renderers and views want it (JSON lists parsed and checked). */
export function grantedScopeFromRow(row: ScopeRow): GrantedScope & { monthlyCapMicros: bigint } {
  return {
    provider: row.provider,
    models: list.parse(JSON.parse(row.models)),
    capabilities: list.parse(JSON.parse(row.capabilities)),
    monthlyCapMicros: row.monthlyCapMicros ?? 0n,
    dailyCapMicros: row.dailyCapMicros,
    requestsPerMinute: row.requestsPerMinute,
    requestsPerDay: row.requestsPerDay,
    maxTokensPerRequest: row.maxTokensPerRequest,
  };
}
