/**
 * Turns a pending request into a grant, once: the status flips from pending to approved with a
 * conditional update inside the transaction that creates the grant, so two simultaneous approvals
 * (two tabs, the CLI and a tab, two vault instances) make exactly one grant; the other gets 409.
 * The token is not minted here: it is minted when it is delivered (claim-request-token.ts).
 */
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { newId } from "@/lib/foundation/crypto/random";
import { grantScopeRows } from "@/lib/domain/grants/grant-scope-rows";
import type { Db } from "@/lib/foundation/db/client";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { getGrantDefaults, type GrantDefaults } from "@/lib/domain/grants/grant-defaults";
import { resolveApprovedGrant, type ApprovalChoices, type ApprovedGrant } from "@/lib/domain/grants/resolve-approved-grant";
import { limitsForDisplay, parseStoredRequest } from "@/lib/engines/okap/stored-request";
import { assertStillPending, expireRequestIfDue, notPendingError } from "@/lib/domain/access-requests/request-status";
import { enqueueWebhookEvent } from "@/lib/domain/webhooks/enqueue-webhook-event";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/webhook-worker";
import { notifyRequestChanged } from "@/lib/domain/access-requests/request-events";
import { recordExtensionApproval } from "@/lib/domain/access-requests/record-extension-approval";
import { credentialCandidates } from "@/lib/domain/credentials/credential-candidates";
import { createApiScope } from "@/lib/domain/grants/create-api-scope";

/** A last check of the grant about to be made (the UI asks for a fresh proof for a wide one); throws to refuse. */
export type ApprovalGate = (approved: ApprovedGrant, defaults: GrantDefaults) => void;

type PendingRow = {
  id: string;
  userId: string;
  body: string;
  bodyHash: string;
  clientName: string;
  clientUrl: string | null;
  status: string;
  expiresAt: Date;
};

function summary(grant: ApprovedGrant): string {
  return JSON.stringify({
    expires_at: grant.expiresAt.toISOString(),
    scopes: grant.scopes.map((s) => ({
      ...s,
      monthlyCapMicros: String(s.monthlyCapMicros),
      dailyCapMicros: s.dailyCapMicros === null ? null : String(s.dailyCapMicros),
    })),
    ...(grant.apiScopes.length ? { api_scopes: grant.apiScopes } : {}),
  });
}

async function keyIdsByProvider(db: Db, userId: string, providers: string[]): Promise<Map<string, string[]>> {
  const keys = await db.providerKey.findMany({
    where: { userId, provider: { in: providers }, deletedAt: null },
    orderBy: [{ label: "asc" }],
    select: { id: true, provider: true },
  });
  const map = new Map<string, string[]>();
  for (const k of keys) map.set(k.provider, [...(map.get(k.provider) ?? []), k.id]);
  return map;
}

export async function recordApproval(
  db: Db,
  actor: Actor,
  row: PendingRow,
  choices: ApprovalChoices,
  now = new Date(),
  gate?: ApprovalGate,
): Promise<{ grantId: string }> {
  if (row.expiresAt.getTime() <= now.getTime()) await expireRequestIfDue(db, row.id, now);
  assertStillPending(row, now);
  const request = parseStoredRequest(row.body);
  if (request.extendsGrant) return recordExtensionApproval(db, actor, row, request, choices, now);
  const keys = await keyIdsByProvider(
    db,
    row.userId,
    request.entries.map((e) => e.provider),
  );
  const defaults = await getGrantDefaults(db, row.userId);
  const credentials = request.apiEntries.length ? await credentialCandidates(db, row.userId) : [];
  const approved = resolveApprovedGrant(request, choices, defaults, keys, now, credentials);
  gate?.(approved, defaults);
  const grantId = newId("grt");
  const decidedBy = actor.type === "user" ? (actor.id ?? "user") : actor.type === "policy" ? `policy:${actor.id}` : actor.type;
  await withTransaction(db, async (tx) => {
    const claimed = await tx.accessRequest.updateMany({
      where: { id: row.id, status: "pending", expiresAt: { gt: now } },
      data: { status: "approved", decidedAt: now, decidedBy, decision: summary(approved) },
    });
    if (claimed.count === 0) throw notPendingError(await tx.accessRequest.findUnique({ where: { id: row.id } }), now);
    await tx.grant.create({
      data: {
        id: grantId,
        userId: row.userId,
        clientName: row.clientName,
        clientUrl: row.clientUrl,
        requestHash: row.bodyHash,
        source: actor.type === "policy" ? "policy" : actor.type === "cli" ? "cli" : "request",
        expiresAt: approved.expiresAt,
        scopes: { create: grantScopeRows(approved.scopes) },
      },
    });
    for (const api of approved.apiScopes) await createApiScope(tx, grantId, api);
    await tx.accessRequest.update({ where: { id: row.id }, data: { grantId } });
    await recordAuditEvent(tx, actor, {
      userId: row.userId,
      action: actor.type === "policy" ? "request.auto_approved" : "request.approved",
      targetType: "access_request",
      targetId: row.id,
      metadata: {
        grant_id: grantId,
        client_name: row.clientName,
        requested: JSON.stringify(
          request.entries.map((e) => ({
            provider: e.provider,
            models: e.models,
            capabilities: e.capabilities,
            limits: limitsForDisplay(e.limits),
            expires: e.expires?.toISOString() ?? null,
          })),
        ),
        granted: summary(approved),
      },
    });
    await enqueueWebhookEvent(tx, row.userId, "grant.created", {
      grant_id: grantId,
      request_id: row.id,
      client_name: row.clientName,
      providers: approved.scopes.map((s) => s.provider),
      ...(approved.apiScopes.length ? { api_hosts: approved.apiScopes.flatMap((s) => (s.wildcard ? ["*"] : s.hosts)) } : {}),
      expires_at: approved.expiresAt.toISOString(),
      auto_approved: actor.type === "policy",
    });
  });
  notifyRequestChanged(row.id);
  wakeWebhookWorker();
  return { grantId };
}
