/**
 * Step-up: the dangerous actions (provider keys, wide approvals, write management keys, upstream
 * URLs, turning a factor off) need a proof of the owner (password or second factor) less than ten
 * minutes old, checked on the server against the session's verifiedAt.
 */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { takeAttempt } from "@/lib/domain/auth/attempt-throttle";
import { verifyPassword, PASSWORD_MAX } from "@/lib/domain/auth/password";
import { checkSecondFactor } from "@/lib/domain/auth/second-factor/check-second-factor";
import type { ApprovedGrant } from "@/lib/domain/grants/resolve-approved-grant";
import type { GrantDefaults } from "@/lib/domain/grants/grant-defaults";

export const STEP_UP_WINDOW_MS = 10 * 60_000;
export const STEP_UP_CHECKS_PER_WINDOW = 5;

export function assertFreshProof(session: { verifiedAt: Date }, now = new Date()): void {
  if (now.getTime() - session.verifiedAt.getTime() <= STEP_UP_WINDOW_MS) return;
  throw new VaultError("step_up_required", "Confirm it is you: enter your password or a code from your app, then it goes ahead.");
}

/** A grant wider than the vault's defaults (any model, or a cap above the default) needs a fresh proof. */
export function isWideGrant(approved: ApprovedGrant, defaults: GrantDefaults): boolean {
  if (approved.apiScopes.some((s) => s.wildcard)) return true; // any host, approved on demand
  return approved.scopes.some(
    (s) =>
      s.models.length === 0 ||
      s.monthlyCapMicros > defaults.monthlySpendMicros ||
      (s.dailyCapMicros !== null && defaults.dailySpendMicros !== null && s.dailyCapMicros > defaults.dailySpendMicros),
  );
}

const stepUpSchema = z
  .object({
    password: z.string().max(PASSWORD_MAX).optional(),
    totp: z.string().trim().max(16).optional(),
    recovery_code: z.string().trim().max(64).optional(),
  })
  .strict();

export async function stepUp(db: Db, userId: string, sessionId: string, input: unknown, actor: Actor): Promise<{ verified_until: string }> {
  const body = parseInput(stepUpSchema, input);
  if (!body.password && !body.totp && !body.recovery_code) {
    throw new VaultError("invalid_request", "Enter your password or a code from your app.", { field: "password" });
  }
  await takeAttempt(db, [{ key: `step-up:${userId}`, limit: STEP_UP_CHECKS_PER_WINDOW }], "identity checks");
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  let method: string;
  if (body.totp || body.recovery_code) {
    if (!user.totpEnabledAt)
      throw new VaultError("invalid_request", "Two-factor sign-in is not on: enter your password.", { field: "password" });
    method = (await checkSecondFactor(db, user, { totp: body.totp, recoveryCode: body.recovery_code }, actor)) ?? "password";
  } else {
    if (!(await verifyPassword(user.passwordHash, body.password!))) {
      await db.$transaction((tx) =>
        recordAuditEvent(tx, actor, { userId, action: "auth.step_up_failed", targetType: "user", targetId: userId }),
      );
      throw new VaultError("invalid_credentials", "That password is wrong.", { field: "password" });
    }
    method = "password";
  }
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.userSession.updateMany({ where: { id: sessionId }, data: { verifiedAt: now } });
    await recordAuditEvent(tx, actor, { userId, action: "auth.step_up", targetType: "session", targetId: sessionId, metadata: { method } });
  });
  return { verified_until: new Date(now.getTime() + STEP_UP_WINDOW_MS).toISOString() };
}
