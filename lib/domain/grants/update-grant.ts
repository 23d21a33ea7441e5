/**
 * The owner changes a grant: pause or resume it, move its expiry, change an entry's limits. One
 * transaction holds the change and its audit rows, guarded by "not revoked" (a revoked grant is
 * final: 409). The proxy reads grants through a 500 ms cache, so a change applies within a second.
 * Moving the expiry re-arms the grant.expired notification; changing a cap re-arms the spend
 * thresholds of its current window (they are reported again against the new cap).
 */
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { notifyGrantChanged } from "@/lib/domain/grants/notify-grant-changed";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { microsToDecimal } from "@/lib/foundation/money/micros";
import { isoSeconds } from "@/lib/engines/okap/render-outcome";
import { spendWindows } from "@/lib/engines/ledger/windows";
import { findGrantOrThrow, findGrantRowOrThrow } from "@/lib/domain/grants/find-grant-or-throw";
import { grantPatchInput, type GrantPatch, type LimitsPatch } from "@/lib/domain/grants/grant-patch-input";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import type { GrantView } from "@/lib/domain/grants/grant-view";

const COLUMNS = {
  monthly_spend: "monthlyCapMicros",
  daily_spend: "dailyCapMicros",
  requests_per_minute: "requestsPerMinute",
  requests_per_day: "requestsPerDay",
  tokens_per_request: "maxTokensPerRequest",
} as const;

type ScopeRow = { id: string; provider: string } & Record<(typeof COLUMNS)[keyof typeof COLUMNS], bigint | number | null>;
type ScopeChange = { id: string; data: Record<string, bigint | number | null>; notes: string[] };

const show = (v: bigint | number | null) => (v === null ? "none" : typeof v === "bigint" ? `$${microsToDecimal(v)}` : String(v));

function limitChanges(scope: ScopeRow, limits: LimitsPatch): ScopeChange {
  const change: ScopeChange = { id: scope.id, data: {}, notes: [] };
  for (const [field, column] of Object.entries(COLUMNS) as [keyof LimitsPatch, (typeof COLUMNS)[keyof typeof COLUMNS]][]) {
    const next = limits[field];
    if (next === undefined || next === scope[column]) continue;
    change.data[column] = next;
    change.notes.push(`${scope.provider}.${field}: ${show(scope[column])} -> ${show(next)}`);
  }
  return change;
}

function scopeChanges(scopes: ScopeRow[], patch: GrantPatch): ScopeChange[] {
  if (patch.limits && patch.scopes) throw new VaultError("invalid_request", "send either limits or scopes, not both", { field: "limits" });
  if (patch.limits) {
    if (scopes.length !== 1)
      throw new VaultError("unprocessable", "This grant has several entries: change their limits with scopes: [{id, limits}].", {
        field: "limits",
      });
    return [limitChanges(scopes[0]!, patch.limits)];
  }
  return (patch.scopes ?? []).map((s, i) => {
    const scope = scopes.find((row) => row.id === s.id);
    if (!scope) throw new VaultError("unprocessable", `scopes[${i}].id is not an entry of this grant`, { field: `scopes.${i}.id` });
    return limitChanges(scope, s.limits);
  });
}

/** Whether a change gives the app more than it had: a limit raised or removed, or a later expiry. */
function widens(scopes: ScopeRow[], changes: ScopeChange[], expiryChange: Date | null, expiresAt: Date): boolean {
  if (expiryChange && expiryChange.getTime() > expiresAt.getTime()) return true;
  return changes.some((c) => {
    const scope = scopes.find((s) => s.id === c.id)!;
    return Object.entries(c.data).some(([column, next]) => {
      const before = scope[column as keyof ScopeRow] as bigint | number | null;
      return before !== null && (next === null || next > before);
    });
  });
}

/** A last check of a change that widens a grant (the UI asks for a fresh proof); throws to refuse. */
export type WideningGate = () => void;

/** `input` is the caller's body as received (the UI, the management API PATCH), checked with grantPatchInput. */
export async function updateGrant(
  db: Db,
  actor: Actor,
  userId: string,
  grantId: string,
  input: unknown,
  options: { now?: Date; onWidening?: WideningGate } = {},
): Promise<GrantView> {
  const now = options.now ?? new Date();
  const patch = parseInput(grantPatchInput, input);
  const grant = await findGrantRowOrThrow(db, userId, grantId);
  if (grant.status === "revoked") throw new VaultError("conflict", "This grant is revoked; a revoked grant cannot be changed.");
  const scopes = await db.grantScope.findMany({ where: { grantId: grant.id }, orderBy: { id: "asc" } });
  const changes = scopeChanges(scopes, patch).filter((c) => c.notes.length);
  const statusChange = patch.status !== undefined && patch.status !== grant.status ? patch.status : null;
  const expiryChange = patch.expires_at !== undefined && patch.expires_at.getTime() !== grant.expiresAt.getTime() ? patch.expires_at : null;
  if (options.onWidening && widens(scopes, changes, expiryChange, grant.expiresAt)) options.onWidening();
  if (changes.length || statusChange || expiryChange) {
    await withTransaction(db, async (tx) => {
      const updated = await tx.grant.updateMany({
        where: { id: grant.id, userId, status: { not: "revoked" } },
        data: {
          updatedAt: now,
          ...(statusChange ? { status: statusChange } : {}),
          ...(expiryChange ? { expiresAt: expiryChange, expiryNotifiedAt: null } : {}),
        },
      });
      if (updated.count === 0) throw new VaultError("conflict", "This grant was revoked meanwhile; it cannot be changed.");
      await notifyGrantChanged(tx, grant.id); // every instance drops its cached copy at commit
      const windows = spendWindows(now.getTime());
      for (const c of changes) {
        await tx.grantScope.update({ where: { id: c.id }, data: c.data });
        const rearm = [...("monthlyCapMicros" in c.data ? [windows.month] : []), ...("dailyCapMicros" in c.data ? [windows.day] : [])];
        if (rearm.length) await tx.spendAlert.deleteMany({ where: { scopeId: c.id, window: { in: rearm } } });
      }
      const target = { userId, targetType: "grant", targetId: grant.id };
      if (statusChange)
        await recordAuditEvent(tx, actor, {
          ...target,
          action: statusChange === "paused" ? "grant.paused" : "grant.resumed",
          metadata: { client_name: grant.clientName },
        });
      if (changes.length || expiryChange) {
        const notes = [
          ...(expiryChange ? [`expires_at: ${isoSeconds(grant.expiresAt)} -> ${isoSeconds(expiryChange)}`] : []),
          ...changes.flatMap((c) => c.notes),
        ];
        await recordAuditEvent(tx, actor, {
          ...target,
          action: "grant.updated",
          metadata: { client_name: grant.clientName, changes: notes },
        });
      }
    });
  }
  return findGrantOrThrow(db, userId, grant.id, now);
}
