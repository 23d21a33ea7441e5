/**
 * The second factor of a user who has one: a TOTP code (each accepted once) or an unused recovery
 * code (then marked used). Failures are audited with their reason and answered 401.
 */
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { matchTotpStep, openTotpSecret } from "@/lib/domain/auth/second-factor/totp";
import { recoveryCodeHash } from "@/lib/domain/auth/second-factor/recovery-codes";

export type SecondFactorInput = { totp?: string; recoveryCode?: string };
export type FactorUser = { id: string; email: string; totpCiphertext: Uint8Array | null; totpEnabledAt: Date | null };
export type FactorUsed = "totp" | "recovery_code";

async function refuse(db: Db, user: FactorUser, actor: Actor, reason: string, message: string, field: string): Promise<never> {
  await db.$transaction((tx) =>
    recordAuditEvent(tx, actor, {
      userId: user.id,
      action: "auth.second_factor_failed",
      targetType: "user",
      targetId: user.id,
      metadata: { reason },
    }),
  );
  throw new VaultError("invalid_second_factor", message, { field });
}

async function checkTotp(db: Db, user: FactorUser, code: string, actor: Actor, now: Date): Promise<FactorUsed> {
  const step = matchTotpStep(openTotpSecret(user.id, user.totpCiphertext!), user.email, code, now);
  if (step === null)
    return refuse(
      db,
      user,
      actor,
      "wrong_or_expired_code",
      "That code is wrong or has expired. Enter the current code from your app.",
      "totp",
    );
  const { count } = await db.user.updateMany({
    where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  if (count === 0)
    return refuse(db, user, actor, "reused_code", "That code was already used. Wait for the next one from your app.", "totp");
  return "totp";
}

async function checkRecoveryCode(db: Db, user: FactorUser, code: string, actor: Actor, now: Date): Promise<FactorUsed> {
  const { count } = await db.recoveryCode.updateMany({
    where: { userId: user.id, codeHash: recoveryCodeHash(code), usedAt: null },
    data: { usedAt: now },
  });
  if (count === 0) {
    const used = await db.recoveryCode.findFirst({
      where: { userId: user.id, codeHash: recoveryCodeHash(code) },
      select: { usedAt: true },
    });
    if (used)
      return refuse(db, user, actor, "used_recovery_code", "That recovery code was already used. Each one works once.", "recovery_code");
    return refuse(db, user, actor, "wrong_recovery_code", "That recovery code is not one of yours.", "recovery_code");
  }
  await db.$transaction((tx) =>
    recordAuditEvent(tx, actor, { userId: user.id, action: "auth.recovery_code_used", targetType: "user", targetId: user.id }),
  );
  return "recovery_code";
}

/** null when the user has no second factor; otherwise which one passed (or it throws). */
export async function checkSecondFactor(
  db: Db,
  user: FactorUser,
  input: SecondFactorInput,
  actor: Actor,
  now = new Date(),
): Promise<FactorUsed | null> {
  if (!user.totpEnabledAt || !user.totpCiphertext) return null;
  if (input.totp) return checkTotp(db, user, input.totp, actor, now);
  if (input.recoveryCode) return checkRecoveryCode(db, user, input.recoveryCode, actor, now);
  throw new VaultError("second_factor_required", "Enter the 6-digit code from your authenticator app, or a recovery code.", {
    field: "totp",
  });
}
