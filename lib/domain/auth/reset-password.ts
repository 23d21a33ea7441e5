/** `vault user reset-password`: shell access is the proof. Every session of the account ends. */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { emailSchema, hashPassword, passwordSchema } from "@/lib/domain/auth/password";
import { endUserSessions } from "@/lib/domain/auth/sessions/end-sessions";

const resetPasswordSchema = z.object({ email: emailSchema, password: passwordSchema }).strict();

export async function resetPassword(db: Db, actor: Actor, input: unknown): Promise<{ email: string; ended_sessions: number }> {
  const body = parseInput(resetPasswordSchema, input);
  const user = await db.user.findUnique({ where: { email: body.email } });
  if (!user) throw new VaultError("not_found", `No account with email ${body.email}.`, { field: "email" });
  const passwordHash = await hashPassword(body.password);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: new Date() } });
    const ended = await endUserSessions(tx, user.id);
    // Failures counted against the account no longer mean anything.
    await tx.authThrottle.deleteMany({ where: { OR: [{ key: `acct:${user.email}` }, { key: { startsWith: `acct-ip:${user.email}|` } }] } });
    await recordAuditEvent(tx, actor, {
      userId: user.id,
      action: "auth.password_reset",
      targetType: "user",
      targetId: user.id,
      metadata: { ended_sessions: ended },
    });
    return { email: user.email, ended_sessions: ended };
  });
}
