/** One proxied request as the pages, exports and the management API show it (µ$ as a decimal string). */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";

export const usageEventView = z.object({
  id: z.string(),
  grant_id: z.string(),
  client_name: z.string().nullable(),
  provider: z.string(),
  model: z.string().nullable(),
  endpoint: z.string(),
  status: z.number().int(),
  outcome: z.string(),
  input_tokens: z.number().int().describe("including cached input tokens"),
  output_tokens: z.number().int().describe("including reasoning tokens"),
  cache_read_tokens: z.number().int(),
  cache_write_tokens: z.number().int().describe("5-minute and 1-hour cache writes"),
  cache_write_1h_tokens: z.number().int(),
  reasoning_tokens: z.number().int(),
  input_audio_tokens: z.number().int().describe("uncached input tokens that were audio (priced at the audio rate)"),
  output_audio_tokens: z.number().int().describe("output tokens that were audio"),
  input_image_tokens: z.number().int().describe("uncached input tokens that were images (priced at the image rate)"),
  output_image_tokens: z.number().int().describe("output tokens that were images"),
  cost_micros: z.string().describe("µ$ (1 USD = 1,000,000)"),
  estimated: z.boolean(),
  latency_ms: z.number().int(),
  ttfb_ms: z.number().int().nullable(),
  created_at: z.string(),
});
export type UsageEventView = z.infer<typeof usageEventView>;

type Row = Awaited<ReturnType<Db["usageEvent"]["findMany"]>>[number];

export function toUsageEventView(r: Row, clientNames: ReadonlyMap<string, string>): UsageEventView {
  return {
    id: r.id,
    grant_id: r.grantId,
    client_name: clientNames.get(r.grantId) ?? null,
    provider: r.provider,
    model: r.model,
    endpoint: r.endpoint,
    status: r.status,
    outcome: r.outcome,
    input_tokens: r.inputTokens,
    output_tokens: r.outputTokens,
    cache_read_tokens: r.cacheReadTokens,
    cache_write_tokens: r.cacheWriteTokens,
    cache_write_1h_tokens: r.cacheWrite1hTokens,
    reasoning_tokens: r.reasoningTokens,
    input_audio_tokens: r.inputAudioTokens,
    output_audio_tokens: r.outputAudioTokens,
    input_image_tokens: r.inputImageTokens,
    output_image_tokens: r.outputImageTokens,
    cost_micros: r.costMicros.toString(),
    estimated: r.estimated,
    latency_ms: r.latencyMs,
    ttfb_ms: r.ttfbMs,
    created_at: r.createdAt.toISOString(),
  };
}

/** Client names of the grants these events belong to (one query). */
export async function clientNamesOf(db: Db, userId: string, grantIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(grantIds)];
  if (ids.length === 0) return new Map();
  const grants = await db.grant.findMany({ where: { userId, id: { in: ids } }, select: { id: true, clientName: true } });
  return new Map(grants.map((g) => [g.id, g.clientName]));
}
