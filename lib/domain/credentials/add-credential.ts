import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { credentialLast4, sealCredential } from "@/lib/domain/credentials/credential-cipher";
import { parseCredentialSecret } from "@/lib/domain/credentials/parse-credential-secret";
import { addCredentialInput, type CredentialView } from "@/lib/domain/credentials/schemas";
import { toCredentialView } from "@/lib/domain/credentials/to-credential-view";
import { newId } from "@/lib/foundation/crypto/random";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { isUniqueViolation } from "@/lib/foundation/db/errors";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";

/** Stores a new API credential, encrypted, bound to its destinations; returns its metadata (never a value). */
export async function addCredential(db: Db, actor: Actor, userId: string, input: unknown): Promise<CredentialView> {
  const parsed = parseInput(addCredentialInput, input);
  const secret = parseCredentialSecret(parsed.kind, parsed.value);
  const id = newId("crd");
  const row = { id, userId, name: parsed.name, kind: parsed.kind };
  try {
    const created = await db.$transaction(async (tx) => {
      const stored = await tx.credential.create({
        data: {
          ...row,
          account: parsed.account ?? "",
          label: parsed.label ?? "",
          destinations: JSON.stringify(parsed.destinations),
          ciphertext: sealCredential(vaultKeys(), row, secret),
          last4: credentialLast4(secret),
        },
      });
      await recordAuditEvent(tx, actor, {
        userId,
        action: "credential.added",
        targetType: "credential",
        targetId: id,
        metadata: { name: parsed.name, kind: parsed.kind, account: parsed.account ?? null, destinations: parsed.destinations },
      });
      return stored;
    });
    return toCredentialView(created);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const which = parsed.account ? `for the account "${parsed.account}"` : "without an account";
      throw new VaultError("conflict", `A credential named ${parsed.name} ${which} already exists.`, { field: "name" });
    }
    throw error;
  }
}
