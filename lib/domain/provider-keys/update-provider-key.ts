import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { isUniqueViolation } from "@/lib/foundation/db/errors";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { notifyAllGrantsChanged } from "@/lib/domain/grants/notify-grant-changed";
import { assertKeyShape } from "@/lib/domain/provider-keys/assert-key-shape";
import { findProviderKeyOrThrow } from "@/lib/domain/provider-keys/find-provider-key-or-throw";
import { last4Of, sealProviderKey } from "@/lib/domain/provider-keys/key-cipher";
import { updateProviderKeyInput, type ProviderKeyView } from "@/lib/domain/provider-keys/schemas";
import { toProviderKeyView } from "@/lib/domain/provider-keys/to-provider-key-view";
import type { ProviderId } from "@/lib/engines/providers/registry";
import { parseInput } from "@/lib/foundation/validation/parse-input";

/** Relabels a key and/or replaces its secret (same row, so grants using it keep working). */
export async function updateProviderKey(db: Db, actor: Actor, userId: string, id: string, input: unknown): Promise<ProviderKeyView> {
  const change = parseInput(updateProviderKeyInput, input);
  const existing = await findProviderKeyOrThrow(db, userId, id);
  const data: { label?: string; last4?: string; ciphertext?: Uint8Array<ArrayBuffer> } = {};
  if (change.label !== undefined) data.label = change.label;
  if (change.key !== undefined) {
    assertKeyShape(existing.provider as ProviderId, change.key);
    data.ciphertext = sealProviderKey(vaultKeys(), existing, change.key);
    data.last4 = last4Of(change.key);
  }
  try {
    const row = await db.$transaction(async (tx) => {
      const updated = await tx.providerKey.update({ where: { id: existing.id }, data });
      if (change.key !== undefined) {
        await recordAuditEvent(tx, actor, {
          userId,
          action: "provider_key.replaced",
          targetType: "provider_key",
          targetId: id,
          metadata: { provider: existing.provider },
        });
        await notifyAllGrantsChanged(tx); // cached grants carry the old ciphertext
      }
      if (change.label !== undefined && change.label !== existing.label) {
        await recordAuditEvent(tx, actor, {
          userId,
          action: "provider_key.relabelled",
          targetType: "provider_key",
          targetId: id,
          metadata: { provider: existing.provider, from: existing.label, to: change.label },
        });
      }
      return updated;
    });
    return toProviderKeyView(row);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new VaultError("conflict", `Another key of this provider is already labelled "${change.label}".`, { field: "label" });
    throw error;
  }
}
