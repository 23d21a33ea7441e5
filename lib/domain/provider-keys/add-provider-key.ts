import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { newId } from "@/lib/foundation/crypto/random";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { isUniqueViolation } from "@/lib/foundation/db/errors";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { last4Of, sealProviderKey } from "@/lib/domain/provider-keys/key-cipher";
import { addProviderKeyInput, type ProviderKeyView } from "@/lib/domain/provider-keys/schemas";
import { toProviderKeyView } from "@/lib/domain/provider-keys/to-provider-key-view";
import { assertKeyShape } from "@/lib/domain/provider-keys/assert-key-shape";
import { providerInfo, type ProviderId } from "@/lib/engines/providers/registry";

/** Stores a new master key for a provider, encrypted; returns its metadata (never the key). */
export async function addProviderKey(db: Db, actor: Actor, userId: string, input: unknown): Promise<ProviderKeyView> {
  const { provider, label, key } = parseInput(addProviderKeyInput, input);
  assertKeyShape(provider as ProviderId, key);
  const ring = vaultKeys();
  const id = newId("key");
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.providerKey.create({
        data: { id, userId, provider, label, last4: last4Of(key), ciphertext: sealProviderKey(ring, { id, userId, provider }, key) },
      });
      await recordAuditEvent(tx, actor, {
        userId,
        action: "provider_key.added",
        targetType: "provider_key",
        targetId: id,
        metadata: { provider, label },
      });
      return created;
    });
    return toProviderKeyView(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new VaultError("conflict", `A key labelled "${label}" already exists for ${providerInfo(provider as ProviderId).name}.`, {
        field: "label",
      });
    }
    throw error;
  }
}
