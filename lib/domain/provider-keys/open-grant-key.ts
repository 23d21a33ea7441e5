/**
 * The plaintext of a grant's provider key for one proxied call. A ciphertext that fails
 * authentication (altered in the database, or copied from another row) is not a sealed vault: it
 * answers `provider_key_unreadable`, logs one error line naming the key id (never a value) and
 * records one audit event per key and process every AUDIT_EVERY_MS, so a flood of calls on a broken
 * key cannot fill the audit log.
 */
import { recordAuditEvent } from "@/lib/domain/audit/record-audit-event";
import { openProviderKey } from "@/lib/domain/provider-keys/key-cipher";
import type { KeyRing } from "@/lib/foundation/crypto/key-ring";
import { db } from "@/lib/foundation/db/client";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { log } from "@/lib/foundation/log";

type StoredKey = { id: string; userId: string; provider: string; ciphertext: Uint8Array };

const AUDIT_EVERY_MS = 10 * 60_000;
const lastReported = new Map<string, number>();

async function reportUnreadable(key: StoredKey, nowMs: number): Promise<void> {
  const last = lastReported.get(key.id);
  if (last !== undefined && nowMs - last < AUDIT_EVERY_MS) return;
  lastReported.set(key.id, nowMs);
  log.error("provider key unreadable: its ciphertext failed authentication; replace the key", { keyId: key.id, provider: key.provider });
  try {
    await recordAuditEvent(
      db(),
      { type: "system" },
      {
        userId: key.userId,
        action: "provider_key.unreadable",
        targetType: "provider_key",
        targetId: key.id,
        metadata: { provider: key.provider },
      },
    );
  } catch (error) {
    log.warn("could not audit an unreadable provider key", { keyId: key.id, err: error });
  }
}

export async function openGrantKey(ring: KeyRing, key: StoredKey, nowMs = Date.now()): Promise<string> {
  try {
    return openProviderKey(ring, key);
  } catch (error) {
    if (isVaultError(error) && error.code === "provider_key_unreadable") await reportUnreadable(key, nowMs);
    throw error;
  }
}
