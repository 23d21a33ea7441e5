/**
 * Generates an app's proxied requests between two moments (pure: a seeded PRNG, catalogue prices),
 * with realistic token counts per kind of model, a few failures and estimated (cut) streams. Costs
 * are computed exactly as the proxy computes them (lib/engines/pricing/compute-cost.ts).
 */
import { computeCostMicros } from "@/lib/engines/pricing/compute-cost";
import { resolvePrice } from "@/lib/engines/pricing/resolve-price";
import type { TokenUsage } from "@/lib/engines/providers/types";
import { providerInfo, type ProviderId } from "@/lib/engines/providers/registry";
import type { DemoApp } from "@/scripts/seed/demo-apps";
import type { Random } from "@/scripts/seed/random";

export type PlannedEvent = {
  provider: string;
  model: string;
  endpoint: string;
  createdAt: Date;
  usage: TokenUsage;
  costMicros: bigint;
  status: number;
  outcome: string;
  estimated: boolean;
  latencyMs: number;
  ttfbMs: number | null;
};

const DAY = 86_400_000;

function endpointOf(provider: string, model: string): string {
  if (model.startsWith("text-embedding")) return "embeddings";
  return provider === "anthropic" ? "v1/messages" : "chat/completions";
}

function usageOf(provider: string, model: string, rng: Random): TokenUsage {
  if (model.startsWith("text-embedding")) {
    return {
      inputTokens: rng.int(200, 2000),
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      reasoningTokens: 0,
    };
  }
  const inputTokens = rng.int(1500, 9000);
  const reasoningTokens = model.startsWith("gemini-2.5") ? rng.int(0, 600) : 0;
  const outputTokens = rng.int(150, 1200) + reasoningTokens;
  const cacheReadTokens = provider === "anthropic" && rng.chance(0.4) ? Math.floor(inputTokens * (0.5 + rng.next() * 0.3)) : 0;
  const cacheWriteTokens = provider === "anthropic" && cacheReadTokens === 0 && rng.chance(0.2) ? Math.floor(inputTokens * 0.5) : 0;
  return { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, cacheWrite1hTokens: 0, reasoningTokens };
}

function pickModel(calls: Record<string, number>, rng: Random): string {
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  let at = rng.next() * total;
  for (const [model, weight] of Object.entries(calls)) {
    at -= weight;
    if (at < 0) return model;
  }
  return Object.keys(calls)[0]!;
}

export function oneEvent(app: DemoApp, providerOf: (model: string) => string, at: Date, rng: Random): PlannedEvent {
  const model = pickModel(app.calls!, rng);
  const provider = providerOf(model);
  const price = resolvePrice(new Map(), providerInfo(provider as ProviderId), model, at.getTime())?.now;
  if (!price) throw new Error(`no catalogue price for ${provider}/${model}`);
  const roll = rng.next();
  let usage = usageOf(provider, model, rng);
  let outcome = "ok";
  let status = 200;
  let estimated = false;
  if (roll < 0.02) {
    usage = { ...usage, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
    outcome = "upstream_error";
    status = rng.pick([500, 529, 503]);
  } else if (roll < 0.035 && !model.startsWith("text-embedding")) {
    usage = { ...usage, outputTokens: Math.floor(usage.outputTokens / 3), reasoningTokens: 0 };
    outcome = "client_abort";
    estimated = true;
  }
  const latencyMs = model.startsWith("text-embedding") ? rng.int(60, 400) : rng.int(700, 9000);
  return {
    provider,
    model,
    endpoint: endpointOf(provider, model),
    createdAt: at,
    usage,
    costMicros: computeCostMicros(price, usage),
    status,
    outcome,
    estimated,
    latencyMs,
    ttfbMs: model.startsWith("text-embedding") ? null : Math.min(latencyMs, rng.int(150, 1200)),
  };
}

/** Events from `start` to `end`, oldest first. */
export function planUsage(app: DemoApp, providerOf: (model: string) => string, start: Date, end: Date, rng: Random): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  for (let dayStart = Math.floor(start.getTime() / DAY) * DAY; dayStart < end.getTime(); dayStart += DAY) {
    const from = Math.max(dayStart, start.getTime());
    const to = Math.min(dayStart + DAY, end.getTime());
    const weekday = new Date(dayStart).getUTCDay();
    const rate = (app.callsPerDay ?? 0) * (weekday === 0 || weekday === 6 ? 0.5 : 1) * (0.6 + rng.next() * 0.8);
    const count = Math.round((rate * (to - from)) / DAY);
    const times = Array.from({ length: count }, () => from + Math.floor(rng.next() * (to - from))).sort((a, b) => a - b);
    for (const t of times) events.push(oneEvent(app, providerOf, new Date(t), rng));
  }
  return events;
}
