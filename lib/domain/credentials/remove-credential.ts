import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { findCredentialOrThrow } from "@/lib/domain/credentials/find-credential-or-throw";
import { LIVE_GRANT } from "@/lib/domain/credentials/live-grant-filter";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";

/**
 * Deletes a credential. Refused while a live (active or paused) grant may use it, naming those
 * grants: the owner revokes them first, so no app silently loses access. Revoked grants only lose
 * the link (their call log keeps the credential's name).
 */
export async function removeCredential(db: Db, actor: Actor, userId: string, id: unknown): Promise<void> {
  const existing = await findCredentialOrThrow(db, userId, id);
  await db.$transaction(async (tx) => {
    const live = await tx.grant.findMany({
      where: { ...LIVE_GRANT, apiScopes: { some: { credentials: { some: { credentialId: existing.id } } } } },
      select: { id: true, clientName: true },
      orderBy: { createdAt: "asc" },
    });
    if (live.length > 0) {
      const names = live.map((g) => `${g.id} (${g.clientName})`).join(", ");
      throw new VaultError("key_in_use", `${existing.name} is used by live grant${live.length === 1 ? "" : "s"} ${names}; revoke first.`, {
        extra: { grants: live.map((g) => g.id) },
      });
    }
    await tx.apiScopeCredential.deleteMany({ where: { credentialId: existing.id } });
    await tx.credential.delete({ where: { id: existing.id } });
    await recordAuditEvent(tx, actor, {
      userId,
      action: "credential.removed",
      targetType: "credential",
      targetId: existing.id,
      metadata: { name: existing.name, kind: existing.kind, account: existing.account || null },
    });
  });
}
