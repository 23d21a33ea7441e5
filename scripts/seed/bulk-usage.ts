/**
 * `npm run seed -- --events N`: after the demo vault, more of the same usage until the vault holds N
 * usage events, spread over each app's last 30 days (or its life, if shorter) with its model mix,
 * token counts, failures and prices (plan-usage.ts). They are written as the ledger leaves a settled
 * request (bulk-writer.ts: settled hold, completed usage event, spend windows incremented by its cost),
 * and the database's rollup triggers (migration 0013) keep the cockpit's totals exact as for real
 * traffic. Caps are then raised where a window would be past its cap.
 */
import { newId } from "@/lib/foundation/crypto/random";
import type { Db } from "@/lib/foundation/db/client";
import { spendWindows } from "@/lib/engines/ledger/windows";
import { DEMO_APPS, type DemoApp } from "@/scripts/seed/demo-apps";
import { openBulkWriter, type BulkWriter, type SettledRequest } from "@/scripts/seed/bulk-writer";
import { oneEvent } from "@/scripts/seed/plan-usage";
import type { Random } from "@/scripts/seed/random";

const DAY = 86_400_000;

type Target = { app: DemoApp; grantId: string; scopeOf: (provider: string) => string; from: number; to: number; weight: number };

async function targets(db: Db, userId: string, now: Date): Promise<Target[]> {
  const grants = await db.grant.findMany({ where: { userId }, include: { scopes: true } });
  const found: Target[] = [];
  for (const app of DEMO_APPS) {
    const grant = grants.find((g) => g.clientName === app.name);
    if (!grant || !app.calls || !app.callsPerDay) continue;
    const from = Math.max(now.getTime() - (app.ageDays ?? 0) * DAY, now.getTime() - 30 * DAY);
    const to = now.getTime() - (app.pausedDaysAgo ?? app.revokedDaysAgo ?? 0) * DAY;
    const scopeOf = (provider: string) => grant.scopes.find((s) => s.provider === provider)!.id;
    found.push({ app, grantId: grant.id, scopeOf, from, to, weight: app.callsPerDay * ((to - from) / DAY) });
  }
  return found;
}

const BATCH = 5_000;

async function fill(
  writer: BulkWriter,
  userId: string,
  t: Target,
  count: number,
  rng: Random,
  progress: (n: number) => void,
): Promise<void> {
  const providerOf = (model: string) => t.app.entries.find((e) => e.models.includes(model))!.provider;
  for (let done = 0; done < count;) {
    const batch: SettledRequest[] = [];
    for (let i = 0; i < Math.min(BATCH, count - done); i++) {
      const { usage, ...e } = oneEvent(t.app, providerOf, new Date(t.from + Math.floor(rng.next() * (t.to - t.from))), rng);
      const w = spendWindows(e.createdAt.getTime());
      batch.push({
        id: newId("pxr"),
        userId,
        grantId: t.grantId,
        scopeId: t.scopeOf(e.provider),
        ...e,
        ...usage,
        monthWindow: w.month,
        dayWindow: w.day,
      });
    }
    await writer.write(batch);
    done += batch.length;
    progress(batch.length);
  }
}

const roundUp = (micros: bigint) => ((micros + 999_999n) / 1_000_000n) * 1_000_000n;

/** Caps at least a fifth above the dearest window, so that no window of the bulk data is past its cap. */
async function raiseCaps(db: Db, scopeIds: string[]): Promise<void> {
  for (const scopeId of scopeIds) {
    const scope = await db.grantScope.findUniqueOrThrow({ where: { id: scopeId } });
    const windows = await db.spendWindow.findMany({ where: { scopeId } });
    const dearest = (prefix: string) =>
      windows.filter((w) => w.window.startsWith(prefix)).reduce((m, w) => (w.committedMicros > m ? w.committedMicros : m), 0n);
    const month = roundUp((dearest("m:") * 6n) / 5n);
    const day = roundUp((dearest("d:") * 6n) / 5n);
    await db.grantScope.update({
      where: { id: scopeId },
      data: {
        ...(scope.monthlyCapMicros !== null && scope.monthlyCapMicros < month ? { monthlyCapMicros: month } : {}),
        ...(scope.dailyCapMicros !== null && scope.dailyCapMicros < day ? { dailyCapMicros: day } : {}),
      },
    });
  }
}

/** Adds events until the user's vault holds `total` usage events; returns how many were added. */
export async function seedBulkUsage(
  db: Db,
  databaseUrl: string,
  userId: string,
  total: number,
  rng: Random,
  now: Date,
  progress: (added: number) => void = () => undefined,
): Promise<number> {
  const missing = total - (await db.usageEvent.count({ where: { userId } }));
  if (missing <= 0) return 0;
  const list = await targets(db, userId, now);
  const weights = list.reduce((s, t) => s + t.weight, 0);
  let added = 0;
  const writer = openBulkWriter(databaseUrl);
  try {
    for (const [i, t] of list.entries()) {
      const count = i === list.length - 1 ? missing - added : Math.round((missing * t.weight) / weights);
      await fill(writer, userId, t, count, rng, progress);
      added += count;
    }
  } finally {
    await writer.close();
  }
  const scopes = await db.grantScope.findMany({ where: { grantId: { in: list.map((t) => t.grantId) } }, select: { id: true } });
  await raiseCaps(
    db,
    scopes.map((s) => s.id),
  );
  return added;
}
