import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";

const paramsSchema = z.object({ id: z.string().regex(/^ses_[0-9A-Za-z]{20}$/, "not a session id") });

/** Signs one of the user's own sessions out (Settings -> Account). */
export async function revokeSession(db: Db, userId: string, params: unknown, actor: Actor): Promise<{ id: string }> {
  const { id } = parseInput(paramsSchema, params);
  return db.$transaction(async (tx) => {
    const { count } = await tx.userSession.deleteMany({ where: { id, userId } });
    if (count === 0) throw new VaultError("not_found", "No such session: it has already ended.");
    await recordAuditEvent(tx, actor, { userId, action: "auth.session_revoked", targetType: "session", targetId: id });
    return { id };
  });
}
