/**
 * Approving an on-demand request extends the wildcard grant it came from: the host joins the entry's
 * hosts (and leaves its refused ones), with the credentials the owner picked (default: those bound to
 * the host, one account per name). No new grant or token: the app's next call succeeds.
 */
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseJsonList } from "@/lib/engines/ledger/ledger-store";
import type { OkapRequest } from "@/lib/engines/okap/types";
import { credentialCandidates } from "@/lib/domain/credentials/credential-candidates";
import { notifyGrantChanged } from "@/lib/domain/grants/notify-grant-changed";
import { candidatesFor, defaultCredentials } from "@/lib/domain/grants/resolve-api-scopes";
import type { ApprovalChoices } from "@/lib/domain/grants/resolve-approved-grant";
import { notifyRequestChanged } from "@/lib/domain/access-requests/request-events";
import { notPendingError } from "@/lib/domain/access-requests/request-status";

export async function recordExtensionApproval(
  db: Db,
  actor: Actor,
  row: { id: string; userId: string },
  request: OkapRequest,
  choices: ApprovalChoices,
  now: Date,
): Promise<{ grantId: string }> {
  const ext = request.extendsGrant!;
  const candidates = candidatesFor({ hosts: [ext.host], credentials: ext.credentials }, await credentialCandidates(db, row.userId));
  const chosen = choices.apiEntries?.[0]?.credentialIds;
  if (chosen?.some((id) => !candidates.some((c) => c.id === id)))
    throw new VaultError("invalid_request", "that credential is not one this host may use", { field: "api_entries.0.credential_ids" });
  const credentialIds = chosen?.length ? chosen : defaultCredentials(candidates).map((c) => c.id);
  await withTransaction(db, async (tx) => {
    const claimed = await tx.accessRequest.updateMany({
      where: { id: row.id, status: "pending", expiresAt: { gt: now } },
      data: {
        status: "approved",
        decidedAt: now,
        decidedBy: actor.type === "user" ? (actor.id ?? "user") : actor.type,
        decision: JSON.stringify({ host: ext.host, credential_ids: credentialIds }),
      },
    });
    if (claimed.count === 0) throw notPendingError(await tx.accessRequest.findUnique({ where: { id: row.id } }), now);
    const scope = await tx.apiGrantScope.findFirst({
      where: { id: ext.scopeId, grant: { id: ext.grantId, status: { in: ["active", "paused"] } } },
    });
    if (!scope) throw new VaultError("conflict", "The grant this request would extend was revoked.");
    const hosts = [...new Set([...parseJsonList(scope.hosts), ext.host])];
    const refused = parseJsonList(scope.refusedHosts).filter((h) => h !== ext.host);
    await tx.apiGrantScope.update({
      where: { id: scope.id },
      data: { hosts: JSON.stringify(hosts), refusedHosts: JSON.stringify(refused) },
    });
    for (const credentialId of credentialIds)
      await tx.apiScopeCredential.upsert({
        where: { scopeId_credentialId: { scopeId: scope.id, credentialId } },
        create: { scopeId: scope.id, credentialId },
        update: {},
      });
    await recordAuditEvent(tx, actor, {
      userId: row.userId,
      action: "grant.host_approved",
      targetType: "grant",
      targetId: ext.grantId,
      metadata: { request_id: row.id, host: ext.host, credential_ids: credentialIds },
    });
    await notifyGrantChanged(tx, ext.grantId);
  });
  notifyRequestChanged(row.id);
  return { grantId: ext.grantId };
}
