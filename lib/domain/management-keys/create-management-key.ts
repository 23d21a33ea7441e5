import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { newId } from "@/lib/foundation/crypto/random";
import { hashSecret, mintSecret, secretLast4 } from "@/lib/foundation/crypto/secret-token";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { createManagementKeyInput, toManagementKeyView, type ManagementKeyView } from "@/lib/domain/management-keys/schemas";
import { parseInput } from "@/lib/foundation/validation/parse-input";

/** Mints an okmk_ key for the management API. The plaintext is returned here once and never again. */
export async function createManagementKey(
  db: Db,
  actor: Actor,
  userId: string,
  input: unknown,
): Promise<{ key: string; view: ManagementKeyView }> {
  const { name, scope } = parseInput(createManagementKeyInput, input);
  const key = mintSecret("okmk");
  const id = newId("mk");
  const row = await db.$transaction(async (tx) => {
    const created = await tx.managementKey.create({
      data: { id, userId, name, scope, hash: hashSecret(vaultKeys().managementKeyPepper, key), last4: secretLast4(key) },
    });
    await recordAuditEvent(tx, actor, {
      userId,
      action: "management_key.created",
      targetType: "management_key",
      targetId: id,
      metadata: { name, scope },
    });
    return created;
  });
  return { key, view: toManagementKeyView(row) };
}
