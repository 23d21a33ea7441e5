import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { findProviderKeyOrThrow } from "@/lib/domain/provider-keys/find-provider-key-or-throw";

/**
 * Deletes a master key. Refused while a live (active or paused) grant uses it: the owner revokes or
 * moves those grants first, so no app silently loses access. Revoked grants keep their history.
 */
export async function removeProviderKey(db: Db, actor: Actor, userId: string, id: string): Promise<void> {
  const existing = await findProviderKeyOrThrow(db, userId, id);
  await db.$transaction(async (tx) => {
    const live = await tx.grantScope.count({ where: { providerKeyId: id, grant: { status: { in: ["active", "paused"] } } } });
    if (live > 0) {
      throw new VaultError(
        "key_in_use",
        `This key is used by ${live} live grant${live === 1 ? "" : "s"}; revoke ${live === 1 ? "it" : "them"} first.`,
        { extra: { grants: live } },
      );
    }
    const history = await tx.grantScope.count({ where: { providerKeyId: id } });
    if (history > 0) {
      // Revoked grants still point at the row for their history: drop the secret, keep a tombstone.
      await tx.providerKey.update({
        where: { id },
        data: { ciphertext: new Uint8Array(0), last4: "", label: `${existing.label} (deleted ${id})`, deletedAt: new Date() },
      });
    } else {
      await tx.providerKey.delete({ where: { id } });
    }
    await recordAuditEvent(tx, actor, {
      userId,
      action: "provider_key.removed",
      targetType: "provider_key",
      targetId: id,
      metadata: { provider: existing.provider, label: existing.label },
    });
  });
}
