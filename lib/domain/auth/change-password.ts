/**
 * Settings -> Account: a new password, with the current one as proof. Every other session of the
 * account ends; this browser's session counts as freshly verified.
 */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { takeAttempt } from "@/lib/domain/auth/attempt-throttle";
import { hashPassword, passwordSchema, verifyPassword, PASSWORD_MAX } from "@/lib/domain/auth/password";
import { endUserSessions } from "@/lib/domain/auth/sessions/end-sessions";

const changePasswordSchema = z
  .object({
    current_password: z.string({ error: "current_password is required" }).min(1, "Enter your current password.").max(PASSWORD_MAX),
    new_password: passwordSchema,
  })
  .strict();

export const PASSWORD_CHECKS_PER_WINDOW = 5;

export async function changePassword(
  db: Db,
  userId: string,
  sessionId: string,
  input: unknown,
  actor: Actor,
): Promise<{ ended_sessions: number }> {
  const body = parseInput(changePasswordSchema, input);
  await takeAttempt(db, [{ key: `pw:${userId}`, limit: PASSWORD_CHECKS_PER_WINDOW }], "password checks");
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, body.current_password))) {
    await db.$transaction((tx) =>
      recordAuditEvent(tx, actor, { userId, action: "auth.password_change_failed", targetType: "user", targetId: userId }),
    );
    throw new VaultError("invalid_credentials", "The current password is wrong.", { field: "current_password" });
  }
  if (body.new_password === body.current_password) {
    throw new VaultError("invalid_request", "The new password is the same as the current one.", { field: "new_password" });
  }
  const passwordHash = await hashPassword(body.new_password);
  return db.$transaction(async (tx) => {
    const now = new Date();
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now } });
    const ended = await endUserSessions(tx, userId, sessionId);
    await tx.userSession.updateMany({ where: { id: sessionId }, data: { verifiedAt: now } });
    await recordAuditEvent(tx, actor, {
      userId,
      action: "auth.password_changed",
      targetType: "user",
      targetId: userId,
      metadata: { ended_sessions: ended },
    });
    return { ended_sessions: ended };
  });
}
