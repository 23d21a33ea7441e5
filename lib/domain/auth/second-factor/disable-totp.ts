/** Turning the second factor off: in Settings with a fresh code (TOTP or recovery), in the CLI with shell access. */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { takeAttempt } from "@/lib/domain/auth/attempt-throttle";
import { endUserSessions } from "@/lib/domain/auth/sessions/end-sessions";
import { checkSecondFactor } from "@/lib/domain/auth/second-factor/check-second-factor";

const disableSchema = z
  .object({ totp: z.string().trim().max(16).optional(), recovery_code: z.string().trim().max(64).optional() })
  .strict();

async function turnOff(
  db: Db,
  userId: string,
  keepSessionId: string | null,
  actor: Actor,
  via: string,
): Promise<{ ended_sessions: number }> {
  return db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { totpCiphertext: null, totpPendingCiphertext: null, totpEnabledAt: null, totpLastStep: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    const ended = await endUserSessions(tx, userId, keepSessionId);
    await recordAuditEvent(tx, actor, {
      userId,
      action: "auth.totp_disabled",
      targetType: "user",
      targetId: userId,
      metadata: { via, ended_sessions: ended },
    });
    return { ended_sessions: ended };
  });
}

export async function disableTotp(
  db: Db,
  userId: string,
  sessionId: string,
  input: unknown,
  actor: Actor,
): Promise<{ ended_sessions: number }> {
  const body = parseInput(disableSchema, input);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.totpEnabledAt) throw new VaultError("conflict", "Two-factor sign-in is not on.");
  if (!body.totp && !body.recovery_code)
    throw new VaultError("second_factor_required", "Enter a current code from your app (or a recovery code) to turn it off.", {
      field: "totp",
    });
  await takeAttempt(db, [{ key: `2fa:${userId}`, limit: 10 }], "code checks");
  await checkSecondFactor(db, user, { totp: body.totp, recoveryCode: body.recovery_code }, actor);
  return turnOff(db, userId, sessionId, actor, "settings");
}

export async function disableTotpByEmail(db: Db, actor: Actor, email: string): Promise<{ ended_sessions: number }> {
  const user = await db.user.findUnique({ where: { email } });
  if (!user) throw new VaultError("not_found", `No account with email ${email}.`);
  if (!user.totpEnabledAt) throw new VaultError("conflict", `Two-factor sign-in is not on for ${email}.`);
  return turnOff(db, user.id, null, actor, "cli");
}
