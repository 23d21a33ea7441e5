/**
 * Writes planned events into the ledger exactly as the proxy leaves it after settlement: one usage
 * event and one settled hold per request (same pxr_ id), and per (entry, window) a SpendWindow whose
 * committed amount is the sum of its events' costs: usage rows and spend windows agree.
 */
import type { Prisma } from "@/generated/prisma/client";
import { newId } from "@/lib/foundation/crypto/random";
import type { Db } from "@/lib/foundation/db/client";
import { spendWindows } from "@/lib/engines/ledger/windows";
import type { PlannedEvent } from "@/scripts/seed/plan-usage";

const CHUNK = 500;

export async function writeUsage(
  db: Db,
  userId: string,
  grantId: string,
  scopeOf: (provider: string) => string,
  events: PlannedEvent[],
): Promise<void> {
  const windows = new Map<string, bigint>();
  const usage: Prisma.UsageEventCreateManyInput[] = [];
  const holds: Prisma.HoldCreateManyInput[] = [];
  for (const e of events) {
    const id = newId("pxr");
    const scopeId = scopeOf(e.provider);
    const w = spendWindows(e.createdAt.getTime());
    for (const key of [w.month, w.day]) windows.set(`${scopeId} ${key}`, (windows.get(`${scopeId} ${key}`) ?? 0n) + e.costMicros);
    const settledAt = new Date(e.createdAt.getTime() + e.latencyMs);
    usage.push({
      id,
      userId,
      grantId,
      scopeId,
      provider: e.provider,
      model: e.model,
      endpoint: e.endpoint,
      status: e.status,
      outcome: e.outcome,
      inputTokens: e.usage.inputTokens,
      outputTokens: e.usage.outputTokens,
      cacheReadTokens: e.usage.cacheReadTokens,
      cacheWriteTokens: e.usage.cacheWriteTokens,
      cacheWrite1hTokens: e.usage.cacheWrite1hTokens,
      reasoningTokens: e.usage.reasoningTokens,
      costMicros: e.costMicros,
      estimated: e.estimated,
      latencyMs: e.latencyMs,
      ttfbMs: e.ttfbMs,
      createdAt: e.createdAt,
    });
    holds.push({
      id,
      scopeId,
      monthWindow: w.month,
      dayWindow: w.day,
      amountMicros: e.costMicros + e.costMicros / 2n,
      state: "settled",
      createdAt: e.createdAt,
      expiresAt: new Date(e.createdAt.getTime() + 16 * 60_000),
      settledAt,
      settledMicros: e.costMicros,
    });
  }
  await db.$transaction(
    async (tx) => {
      for (let i = 0; i < usage.length; i += CHUNK) {
        await tx.usageEvent.createMany({ data: usage.slice(i, i + CHUNK) });
        await tx.hold.createMany({ data: holds.slice(i, i + CHUNK) });
      }
      for (const [key, committed] of windows) {
        const [scopeId, window] = key.split(" ") as [string, string];
        await tx.spendWindow.create({ data: { scopeId, window, committedMicros: committed, heldMicros: 0n } });
      }
    },
    { timeout: 120_000 },
  );
}
