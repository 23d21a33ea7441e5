/**
 * The access request a wildcard grant's on-demand approval makes: "let this grant reach <host>
 * (with these credentials)". Stored and decided like any request (inbox, /approve/<id>, CLI); a
 * second call while one is pending gets the same request with a fresh poll secret.
 */
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { hashSecret, mintSecret } from "@/lib/foundation/crypto/secret-token";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseStoredRequest } from "@/lib/engines/okap/stored-request";
import type { OkapRequest } from "@/lib/engines/okap/types";
import { createAccessRequest, type CreatedRequest } from "@/lib/domain/access-requests/create-access-request";

export type HostExtension = { grantId: string; scopeId: string; host: string; credentials: string[] };

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export async function requestHostExtension(db: Db, app: Actor, ext: HostExtension, now = new Date()): Promise<CreatedRequest> {
  const grant = await db.grant.findUnique({ where: { id: ext.grantId }, select: { userId: true, clientName: true, clientUrl: true } });
  if (!grant) throw new VaultError("invalid_token", "This token's grant no longer exists.");
  const pending = await db.accessRequest.findMany({
    where: { userId: grant.userId, status: "pending", expiresAt: { gt: now }, body: { contains: `"grantId":"${ext.grantId}"` } },
    orderBy: { createdAt: "desc" },
  });
  const same = pending.find((r) => {
    const x = parseStoredRequest(r.body).extendsGrant;
    return x && x.scopeId === ext.scopeId && x.host === ext.host && sameSet(x.credentials, ext.credentials);
  });
  if (same) {
    const pollSecret = mintSecret("okps");
    await db.accessRequest.update({
      where: { id: same.id },
      data: { pollSecretHash: hashSecret(vaultKeys().pollSecretPepper, pollSecret) },
    });
    return { id: same.id, status: "pending", expiresAt: same.expiresAt, pollSecret };
  }
  const request: OkapRequest = {
    dialect: "b",
    client: { name: grant.clientName, url: grant.clientUrl, callback: null },
    entries: [],
    apiEntries: [{ hosts: [ext.host], credentials: ext.credentials, methods: [], limits: {}, expires: null, reason: null }],
    extendsGrant: ext,
  };
  return createAccessRequest(db, app, { request, delivery: "async" }, now);
}
