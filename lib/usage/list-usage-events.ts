/**
 * Usage events for the CLI and the UI: one per proxied request, newest first, token counts as the
 * provider reported them (input including cached tokens, output including reasoning), cost in µ$.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation/parse-input";

export const usageQuery = z.strictObject({
  userId: z.string().optional(),
  grantId: z.string().max(100).optional(),
  since: z.iso.datetime({ offset: true, error: "since must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z" }).transform((v) => new Date(v)).optional(),
  limit: z.number().int().min(1).max(100_000).default(1_000),
});

export type UsageEventView = {
  id: string;
  grant_id: string;
  provider: string;
  model: string | null;
  endpoint: string;
  status: number;
  outcome: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
  cost_micros: string;
  estimated: boolean;
  latency_ms: number;
  ttfb_ms: number | null;
  created_at: string;
};

export async function listUsageEvents(db: Db, query: unknown): Promise<UsageEventView[]> {
  const q = parseInput(usageQuery, query);
  const rows = await db.usageEvent.findMany({
    where: { userId: q.userId, grantId: q.grantId, createdAt: q.since ? { gte: q.since } : undefined },
    orderBy: { createdAt: "desc" },
    take: q.limit,
  });
  return rows.map((r) => ({
    id: r.id, grant_id: r.grantId, provider: r.provider, model: r.model, endpoint: r.endpoint, status: r.status, outcome: r.outcome,
    input_tokens: r.inputTokens, output_tokens: r.outputTokens, cache_read_tokens: r.cacheReadTokens, cache_write_tokens: r.cacheWriteTokens,
    cache_write_1h_tokens: r.cacheWrite1hTokens, reasoning_tokens: r.reasoningTokens, cost_micros: r.costMicros.toString(),
    estimated: r.estimated, latency_ms: r.latencyMs, ttfb_ms: r.ttfbMs, created_at: r.createdAt.toISOString(),
  }));
}
