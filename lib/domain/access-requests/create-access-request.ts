/**
 * Stores a validated OKAP request for the vault owner (PAR-style: everything the approval page shows
 * comes from this row, never from the URL), then lets the owner's auto-approve policies decide it
 * if one covers it. Refused before anything is stored: no owner yet, or a provider without a key.
 */
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { newId } from "@/lib/foundation/crypto/random";
import { hashSecret, mintSecret } from "@/lib/foundation/crypto/secret-token";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db, Tx } from "@/lib/foundation/db/client";
import { isPostgres } from "@/lib/foundation/db/dialect";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { env } from "@/lib/foundation/env";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { matchAutoApprovePolicies } from "@/lib/domain/grants/auto-approve-policy";
import { getGrantDefaults } from "@/lib/domain/grants/grant-defaults";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { log } from "@/lib/foundation/log";
import { requestHash, serializeRequest } from "@/lib/engines/okap/stored-request";
import type { IncomingRequest } from "@/lib/engines/okap/types";
import { findVaultOwner } from "@/lib/domain/users/find-vault-owner";
import { enqueueWebhookEvent } from "@/lib/domain/webhooks/enqueue-webhook-event";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/webhook-worker";
import { recordApproval } from "@/lib/domain/access-requests/record-approval";

/** More open requests than this for one owner is a flood, not a person's apps. */
export const MAX_PENDING_REQUESTS = 100;

export type CreatedRequest = { id: string; status: "pending" | "approved"; expiresAt: Date; pollSecret: string | null };

async function assertProvidersConfigured(db: Db, userId: string, providers: string[]): Promise<void> {
  const keys = await db.providerKey.findMany({
    where: { userId, provider: { in: providers }, deletedAt: null },
    select: { provider: true },
  });
  const missing = providers.filter((p) => !keys.some((k) => k.provider === p));
  if (missing.length) {
    throw new VaultError("provider_not_configured", `This vault has no ${missing.join(", ")} key configured.`, {
      extra: { providers: missing },
    });
  }
}

/** An api_access entry naming a credential the owner does not hold is refused before anything is stored. */
async function assertCredentialsConfigured(db: Db, userId: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const held = await db.credential.findMany({ where: { userId, name: { in: names } }, select: { name: true } });
  const missing = [...new Set(names.filter((n) => !held.some((h) => h.name === n)))];
  if (missing.length) {
    throw new VaultError("provider_not_configured", `This vault has no credential named ${missing.join(", ")}.`, {
      extra: { credentials: missing },
    });
  }
}

async function autoApprove(
  db: Db,
  app: Actor,
  incoming: IncomingRequest,
  row: Parameters<typeof recordApproval>[2],
  now: Date,
): Promise<boolean> {
  const policies = await db.autoApprovePolicy.findMany({ where: { userId: row.userId, enabled: true }, orderBy: { createdAt: "asc" } });
  if (policies.length === 0) return false;
  const match = matchAutoApprovePolicies(incoming.request, incoming.delivery, policies, await getGrantDefaults(db, row.userId), now);
  if (!match) return false;
  try {
    await recordApproval(
      db,
      { type: "policy", id: match.policyIds.join(","), ip: app.ip, userAgent: app.userAgent },
      row,
      match.choices,
      now,
    );
    return true;
  } catch (error) {
    if (!isVaultError(error)) throw error;
    log.warn("auto-approval failed; the request waits for the owner", { request_id: row.id, reason: error.message });
    return false;
  }
}

/**
 * At most MAX_PENDING_REQUESTS wait for one owner. Counted in the transaction that inserts, after
 * taking a per-owner lock (PostgreSQL: a transaction advisory lock; SQLite: its single writer), so
 * concurrent requests, on one instance or several, never count the same free places. A flood is
 * mostly refused by the same count before the transaction, without waiting for the lock.
 */
async function assertRoomToWait(tx: Db | Tx, ownerId: string, now: Date, lock: boolean): Promise<void> {
  if (lock && isPostgres(tx)) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`okap.pending:${ownerId}`}))`;
  const open = await tx.accessRequest.count({ where: { userId: ownerId, status: "pending", expiresAt: { gt: now } } });
  if (open >= MAX_PENDING_REQUESTS)
    throw new VaultError("rate_limited", "Too many requests are waiting for the owner; try again later.", { retryAfterSeconds: 60 });
}

export async function createAccessRequest(db: Db, app: Actor, incoming: IncomingRequest, now = new Date()): Promise<CreatedRequest> {
  const { request, delivery } = incoming;
  const owner = await findVaultOwner(db);
  if (!owner) throw new VaultError("provider_not_configured", "This vault has no owner yet, so no provider is configured.");
  await assertProvidersConfigured(
    db,
    owner.id,
    request.entries.map((e) => e.provider),
  );
  await assertCredentialsConfigured(
    db,
    owner.id,
    request.apiEntries.flatMap((e) => e.credentials),
  );
  await assertRoomToWait(db, owner.id, now, false);
  const body = serializeRequest(request);
  const pollSecret = delivery === "async" ? mintSecret("okps") : null;
  const row = {
    id: newId("req"),
    userId: owner.id,
    dialect: request.dialect,
    delivery,
    body,
    bodyHash: requestHash(body),
    clientName: request.client.name,
    clientUrl: request.client.url,
    callbackUrl: request.client.callback,
    reason:
      [...request.entries, ...request.apiEntries]
        .map((e) => e.reason)
        .filter(Boolean)
        .join("\n\n") || null,
    pollSecretHash: pollSecret ? hashSecret(vaultKeys().pollSecretPepper, pollSecret) : null,
    pkceChallenge: incoming.pkceChallenge ?? null,
    redirectState: incoming.state ?? null,
    expiresAt: new Date(now.getTime() + env().okapRequestTtlSeconds * 1000),
    createdAt: now,
    clientIp: app.ip ?? null,
    userAgent: app.userAgent?.slice(0, 300) ?? null,
  };
  // The lock is taken last, so it is held only for the count, the insert and the commit.
  await withTransaction(db, async (tx) => {
    await recordAuditEvent(tx, app, {
      userId: owner.id,
      action: "request.created",
      targetType: "access_request",
      targetId: row.id,
      metadata: {
        dialect: row.dialect,
        delivery,
        client_name: row.clientName,
        client_url: row.clientUrl,
        providers: request.entries.map((e) => e.provider),
      },
    });
    await enqueueWebhookEvent(tx, owner.id, "request.pending", {
      request_id: row.id,
      client_name: row.clientName,
      client_url: row.clientUrl,
      providers: request.entries.map((e) => e.provider),
      approval_url: `${env().publicUrl}/approve/${row.id}`,
      expires_at: row.expiresAt.toISOString(),
    });
    await assertRoomToWait(tx, owner.id, now, true);
    await tx.accessRequest.create({ data: row });
  });
  wakeWebhookWorker();
  const approved = await autoApprove(db, app, incoming, { ...row, status: "pending" }, now);
  return { id: row.id, status: approved ? "approved" : "pending", expiresAt: row.expiresAt, pollSecret };
}
