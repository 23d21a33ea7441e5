import { z } from "zod";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { emailSchema, hashPassword, passwordSchema } from "@/lib/domain/auth/password";
import { newId } from "@/lib/foundation/crypto/random";
import type { Db } from "@/lib/foundation/db/client";
import { isUniqueViolation } from "@/lib/foundation/db/errors";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { createSetting, readSetting, VAULT_NAMESPACE } from "@/lib/foundation/db/settings";

export const credentialsInput = z.object({ email: emailSchema, password: passwordSchema }).strict();

export type CreatedUser = { id: string; email: string; role: "owner" | "member" };

/** Set once, by the first account: it is the owner. */
const OWNER_MARKER = "owner_created";

/**
 * Creates an account. The first account becomes the owner; `ownerOnly` (the /setup page) refuses
 * once an owner exists. The owner marker row makes two simultaneous setups impossible: the second
 * insert of the marker fails.
 */
export async function createUser(db: Db, actor: Actor, input: unknown, options: { ownerOnly: boolean }): Promise<CreatedUser> {
  const { email, password } = parseInput(credentialsInput, input);
  const passwordHash = await hashPassword(password);
  const id = newId("usr");
  try {
    return await db.$transaction(async (tx) => {
      const ownerExists = (await readSetting(tx, VAULT_NAMESPACE, OWNER_MARKER)) !== null;
      if (ownerExists && options.ownerOnly) throw new VaultError("already_set_up", "This vault already has an owner. Sign in instead.");
      const role = ownerExists ? "member" : "owner";
      if (!ownerExists) await createSetting(tx, VAULT_NAMESPACE, OWNER_MARKER, JSON.stringify(id));
      await tx.user.create({ data: { id, email, passwordHash, role } });
      await recordAuditEvent(
        tx,
        { ...actor, id: actor.id ?? id },
        {
          userId: id,
          action: role === "owner" ? "setup.completed" : "user.created",
          targetType: "user",
          targetId: id,
          metadata: { email, role },
        },
      );
      return { id, email, role };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const ownerNow = await hasOwner(db);
      if (options.ownerOnly && ownerNow) throw new VaultError("already_set_up", "This vault already has an owner. Sign in instead.");
      throw new VaultError("conflict", "An account with this email already exists.", { field: "email" });
    }
    throw error;
  }
}

export async function hasOwner(db: Db): Promise<boolean> {
  return (await readSetting(db, VAULT_NAMESPACE, OWNER_MARKER)) !== null;
}
