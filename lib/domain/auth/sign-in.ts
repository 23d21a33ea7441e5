/**
 * Email + password sign-in (and the second factor once enabled), throttled so that nobody else can
 * lock the owner out (login-throttle). Success starts a server-side session and renews the browser's
 * device cookie; every failure, lockout and unusual sign-in is audited.
 */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { auditLockouts, isUnusualSignIn } from "@/lib/domain/auth/sign-in-audit";
import { deviceNonceOf, mintDeviceCookie } from "@/lib/domain/auth/device-cookie";
import { admitLoginAttempt, clearLoginAttempts, type LoginClient } from "@/lib/domain/auth/login-throttle";
import { emailSchema, verifyPassword, PASSWORD_MAX } from "@/lib/domain/auth/password";
import { createSession } from "@/lib/domain/auth/sessions/create-session";
import type { SessionUser } from "@/lib/domain/auth/sessions/resolve-session";
import { checkSecondFactor, type SecondFactorInput } from "@/lib/domain/auth/second-factor/check-second-factor";
import { waitMessage } from "@/lib/domain/auth/attempt-throttle";

const signInSchema = z
  .object({
    email: emailSchema,
    password: z.string({ error: "password is required" }).min(1, "Enter your password.").max(PASSWORD_MAX, "password is too long"),
    totp: z.string().trim().max(16).optional(),
    recovery_code: z.string().trim().max(64).optional(),
  })
  .strict();

export type SignInContext = { actor: Actor; deviceCookie: string | null; now?: Date };
export type SignedIn = { user: SessionUser; sessionToken: string; sessionExpiresAt: Date; deviceCookie: string };

function accountLockedError(seconds: number, hasFactor: boolean): VaultError {
  const how = hasFactor ? "Sign in from a browser you used before, or enter your second factor" : "Sign in from a browser you used before";
  return new VaultError(
    "too_many_attempts",
    `Too many failed sign-ins for this account from browsers it does not know. ${how}, or wait: ${waitMessage(seconds)}`,
    { retryAfterSeconds: seconds },
  );
}

export async function signIn(db: Db, input: unknown, ctx: SignInContext): Promise<SignedIn> {
  const body = parseInput(signInSchema, input);
  const ring = vaultKeys();
  const now = ctx.now ?? new Date();
  const client: LoginClient = {
    email: body.email,
    ip: ctx.actor.ip ?? null,
    deviceNonce: deviceNonceOf(ring, body.email, ctx.deviceCookie),
  };
  const admission = await admitLoginAttempt(db, client, now);
  await auditLockouts(db, ctx.actor, body.email, admission.started);
  if (admission.refused) throw admission.refused;
  const user = await db.user.findUnique({ where: { email: body.email } });
  const factor: SecondFactorInput = { totp: body.totp || undefined, recoveryCode: body.recovery_code || undefined };
  const offersFactor = factor.totp !== undefined || factor.recoveryCode !== undefined;
  if (admission.accountLocked !== null && !(user?.totpEnabledAt && offersFactor)) {
    throw accountLockedError(admission.accountLocked, Boolean(user?.totpEnabledAt));
  }
  const ok = await verifyPassword(user?.passwordHash ?? null, body.password);
  if (!ok || !user) {
    await db.$transaction((tx) =>
      recordAuditEvent(
        tx,
        { ...ctx.actor, id: user?.id ?? null },
        {
          userId: user?.id ?? null,
          action: "auth.sign_in_failed",
          targetType: "user",
          targetId: user?.id,
          metadata: { email: body.email },
        },
      ),
    );
    throw new VaultError("invalid_credentials", "Wrong email or password.");
  }
  const secondFactor = await checkSecondFactor(db, user, factor, { ...ctx.actor, id: user.id }, now);
  await clearLoginAttempts(db, client, admission.trusted);
  const unusual = await isUnusualSignIn(db, user.id, client, admission.trusted, admission.accountLocked !== null);
  const session = await db.$transaction(async (tx) => {
    const created = await createSession(tx, { userId: user.id, ip: client.ip, userAgent: ctx.actor.userAgent ?? null }, now);
    const metadata = { session: created.id, known_browser: admission.trusted, ...(secondFactor ? { second_factor: secondFactor } : {}) };
    const actor = { ...ctx.actor, id: user.id };
    await recordAuditEvent(tx, actor, { userId: user.id, action: "auth.sign_in", targetType: "user", targetId: user.id, metadata });
    if (unusual)
      await recordAuditEvent(tx, actor, {
        userId: user.id,
        action: "auth.sign_in_unusual",
        targetType: "user",
        targetId: user.id,
        metadata: { reason: unusual },
      });
    return created;
  });
  return {
    user: { id: user.id, email: user.email, role: user.role === "owner" ? "owner" : "member" },
    sessionToken: session.token,
    sessionExpiresAt: session.expiresAt,
    deviceCookie: mintDeviceCookie(ring, user.email),
  };
}
