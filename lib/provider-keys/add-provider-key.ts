import { recordAuditEvent, type Actor } from "@/lib/audit/record-audit-event";
import { newId } from "@/lib/crypto/random";
import { vaultKeys } from "@/lib/crypto/vault-keys";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { parseInput } from "@/lib/validation/parse-input";
import { VaultError } from "@/lib/errors/vault-error";
import { last4Of, sealProviderKey } from "@/lib/provider-keys/key-cipher";
import { addProviderKeyInput, type ProviderKeyView } from "@/lib/provider-keys/schemas";
import { toProviderKeyView } from "@/lib/provider-keys/to-provider-key-view";
import { assertKeyShape } from "@/lib/provider-keys/assert-key-shape";
import { providerInfo, type ProviderId } from "@/lib/providers/registry";

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
