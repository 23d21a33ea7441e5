/**
 * One demo app, through the vault's own operations: the app's OKAP request (either dialect), the
 * owner's decision, the token's delivery (a poll, as an async app would), pausing or revoking, and a
 * month of usage written consistently with the ledger. Each step is audited by the operation that
 * does it. The grant's dates are then moved back to when its usage starts (demo data only).
 */
import { approveAccessRequest } from "@/lib/domain/access-requests/approve-access-request";
import { claimRequestToken } from "@/lib/domain/access-requests/claim-request-token";
import { createAccessRequest } from "@/lib/domain/access-requests/create-access-request";
import { denyAccessRequest } from "@/lib/domain/access-requests/deny-access-request";
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { pauseGrant } from "@/lib/domain/grants/pause-grant";
import { revokeGrant } from "@/lib/domain/grants/revoke-grant";
import { microsToUsd } from "@/lib/foundation/money/micros";
import { parseDialectA } from "@/lib/engines/okap/parse-dialect-a";
import { parseDialectB } from "@/lib/engines/okap/parse-dialect-b";
import type { DemoApp } from "@/scripts/seed/demo-apps";
import { oneEvent, planUsage, type PlannedEvent } from "@/scripts/seed/plan-usage";
import type { Random } from "@/scripts/seed/random";
import { dailyCap, monthlyCap, spentToday } from "@/scripts/seed/size-caps";
import { writeUsage } from "@/scripts/seed/write-usage";

const DAY = 86_400_000;

function requestBody(app: DemoApp, limits: Map<string, Record<string, number>>): unknown {
  const entries = app.entries.map((e) => ({
    provider: e.provider,
    models: e.models,
    ...(e.capabilities ? { capabilities: e.capabilities } : {}),
    limits: { ...limits.get(e.provider), ...(e.requestsPerMinute ? { requests_per_minute: e.requestsPerMinute } : {}) },
  }));
  if (app.dialect === "a") return { okap: "1.0", ...entries[0], app_name: app.name, app_url: app.url, reason: app.reason };
  return {
    okap: "1.0",
    authorization_details: entries.map((e, i) => ({
      type: "ai_model_access",
      ...e,
      ...(i === 0 && app.reason ? { reason: app.reason } : {}),
    })),
    client: { name: app.name, url: app.url },
  };
}

/** More calls today (before now) until today's spend of this provider reaches `target`. */
function topUpToday(
  app: DemoApp,
  events: PlannedEvent[],
  provider: string,
  providerOf: (model: string) => string,
  target: bigint,
  now: Date,
  rng: Random,
): void {
  const dayStart = Math.floor(now.getTime() / DAY) * DAY;
  const calls = Object.fromEntries(Object.entries(app.calls ?? {}).filter(([model]) => providerOf(model) === provider));
  let spent = spentToday(
    events.filter((e) => e.provider === provider),
    now,
  );
  for (let i = 0; spent < target && i < 10_000; i++) {
    const event = oneEvent({ ...app, calls }, providerOf, new Date(dayStart + Math.floor(rng.next() * (now.getTime() - dayStart))), rng);
    if (spent + event.costMicros > target) break;
    events.push(event);
    spent += event.costMicros;
  }
  events.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

export type SeededApp = { name: string; decision: string; grantId: string | null; events: number };

export async function seedApp(db: Db, owner: Actor & { id: string }, app: DemoApp, rng: Random, now: Date): Promise<SeededApp> {
  const providerOf = (model: string) => app.entries.find((e) => e.models.includes(model))!.provider;
  const usageStart = new Date(Math.max(now.getTime() - (app.ageDays ?? 0) * DAY, now.getTime() - 30 * DAY));
  const stoppedDaysAgo = app.pausedDaysAgo ?? app.revokedDaysAgo ?? 0;
  const events: PlannedEvent[] =
    app.decision === "approve" ? planUsage(app, providerOf, usageStart, new Date(now.getTime() - stoppedDaysAgo * DAY), rng) : [];

  const limits = new Map<string, Record<string, number>>();
  for (const entry of app.entries) {
    const mine = () => events.filter((e) => e.provider === entry.provider);
    if (mine().length === 0) {
      limits.set(entry.provider, { monthly_spend: 10, ...(entry.daily ? { daily_spend: 1 } : {}) });
      continue;
    }
    const daily = entry.daily ? dailyCap(mine(), now) : null;
    if (daily !== null && app.todayShare)
      topUpToday(app, events, entry.provider, providerOf, (daily * BigInt(Math.round(app.todayShare * 100))) / 100n, now, rng);
    const monthly = monthlyCap(mine(), now, app.monthShare ?? 0.5);
    limits.set(entry.provider, { monthly_spend: microsToUsd(monthly), ...(daily !== null ? { daily_spend: microsToUsd(daily) } : {}) });
  }
  const body = requestBody(app, limits);
  const request = app.dialect === "a" ? parseDialectA(body) : parseDialectB(body);
  const appActor: Actor = { type: "app", ip: "203.0.113.7", userAgent: `${app.name.replace(/\s+/g, "")}/1.4 okap-client` };
  const created = await createAccessRequest(db, appActor, { request, delivery: "async" }, now);

  if (app.decision === "pending") {
    // nobody is polling a seeded request: let it wait a day instead of the usual minutes
    await db.accessRequest.update({ where: { id: created.id }, data: { expiresAt: new Date(now.getTime() + DAY) } });
    return { name: app.name, decision: "pending", grantId: null, events: 0 };
  }
  if (app.decision === "deny") {
    await denyAccessRequest(db, owner, owner.id, created.id, { reason: "I do not know this app." }, now);
    return { name: app.name, decision: "denied", grantId: null, events: 0 };
  }
  const { grantId } = await approveAccessRequest(db, owner, owner.id, created.id, {});
  await claimRequestToken(db, appActor, created.id);
  const scopes = await db.grantScope.findMany({ where: { grantId } });
  await writeUsage(db, owner.id, grantId, (provider) => scopes.find((s) => s.provider === provider)!.id, events);
  const grantedAt = new Date(now.getTime() - (app.ageDays ?? 0) * DAY);
  await db.grant.update({ where: { id: grantId }, data: { createdAt: grantedAt } });
  await db.token.updateMany({ where: { grantId }, data: { createdAt: grantedAt } });
  await db.accessRequest.update({
    where: { id: created.id },
    data: { createdAt: new Date(grantedAt.getTime() - 60_000), decidedAt: grantedAt },
  });
  if (app.pausedDaysAgo !== undefined) await pauseGrant(db, owner, owner.id, grantId);
  if (app.revokedDaysAgo !== undefined) {
    await revokeGrant(db, owner, owner.id, grantId);
    const revokedAt = new Date(now.getTime() - app.revokedDaysAgo * DAY);
    await db.grant.update({ where: { id: grantId }, data: { revokedAt } });
    await db.token.updateMany({ where: { grantId }, data: { revokedAt } });
  }
  return {
    name: app.name,
    decision: app.pausedDaysAgo !== undefined ? "paused" : app.revokedDaysAgo !== undefined ? "revoked" : "approved",
    grantId,
    events: events.length,
  };
}
