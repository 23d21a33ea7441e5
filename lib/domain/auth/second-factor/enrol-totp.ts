/**
 * TOTP enrolment in Settings, in two steps: begin (a new secret, kept encrypted as pending, shown
 * once as a QR code and as text) and confirm (a code from the app proves it was saved; then the
 * factor is on, ten recovery codes are issued and shown once, and every other session ends).
 */
import QRCode from "qrcode";
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { takeAttempt } from "@/lib/domain/auth/attempt-throttle";
import { endUserSessions } from "@/lib/domain/auth/sessions/end-sessions";
import { issueRecoveryCodes } from "@/lib/domain/auth/second-factor/recovery-codes";
import { matchTotpStep, newTotpSecret, openTotpSecret, otpauthUrl, sealTotpSecret } from "@/lib/domain/auth/second-factor/totp";

export type TotpEnrolment = { secret: string; otpauth_url: string; qr_data_url: string };

export async function beginTotpEnrolment(db: Db, userId: string): Promise<TotpEnrolment> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.totpEnabledAt) throw new VaultError("conflict", "Two-factor sign-in is already on. Turn it off first to enrol a new app.");
  const secret = newTotpSecret();
  await db.user.update({ where: { id: userId }, data: { totpPendingCiphertext: sealTotpSecret(userId, secret) } });
  const url = otpauthUrl(secret, user.email);
  return { secret, otpauth_url: url, qr_data_url: await QRCode.toDataURL(url, { margin: 1, width: 240 }) };
}

const confirmSchema = z.object({ code: z.string({ error: "code is required" }).trim().max(16) }).strict();

/** Turns the factor on: stores the secret, records the step (so the code cannot be replayed), issues recovery codes. */
export async function enableTotp(
  db: Db,
  userId: string,
  secret: string,
  step: number,
  keepSessionId: string | null,
  actor: Actor,
  via: string,
) {
  return db.$transaction(async (tx) => {
    const now = new Date();
    await tx.user.update({
      where: { id: userId },
      data: { totpCiphertext: sealTotpSecret(userId, secret), totpPendingCiphertext: null, totpEnabledAt: now, totpLastStep: step },
    });
    const codes = await issueRecoveryCodes(tx, userId);
    const ended = await endUserSessions(tx, userId, keepSessionId);
    if (keepSessionId) await tx.userSession.updateMany({ where: { id: keepSessionId }, data: { verifiedAt: now } });
    await recordAuditEvent(tx, actor, {
      userId,
      action: "auth.totp_enabled",
      targetType: "user",
      targetId: userId,
      metadata: { via, ended_sessions: ended },
    });
    return codes;
  });
}

export async function confirmTotpEnrolment(
  db: Db,
  userId: string,
  sessionId: string,
  input: unknown,
  actor: Actor,
): Promise<{ recovery_codes: string[] }> {
  const { code } = parseInput(confirmSchema, input);
  await takeAttempt(db, [{ key: `2fa:${userId}`, limit: 10 }], "code checks");
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.totpEnabledAt) throw new VaultError("conflict", "Two-factor sign-in is already on.");
  if (!user.totpPendingCiphertext) throw new VaultError("conflict", "Start the enrolment first: no secret is waiting for a code.");
  const secret = openTotpSecret(userId, user.totpPendingCiphertext);
  const step = matchTotpStep(secret, user.email, code);
  if (step === null) {
    await db.$transaction((tx) =>
      recordAuditEvent(tx, actor, {
        userId,
        action: "auth.second_factor_failed",
        targetType: "user",
        targetId: userId,
        metadata: { reason: "enrolment_code_wrong" },
      }),
    );
    throw new VaultError("invalid_second_factor", "That code does not match. Check the time on your phone and enter the current code.", {
      field: "code",
    });
  }
  return { recovery_codes: await enableTotp(db, userId, secret, step, sessionId, actor, "settings") };
}
