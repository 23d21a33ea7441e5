/** The audit side of sign-in: lockouts as they start, and sign-ins worth a second look. */
import type { Db } from "@/lib/foundation/db/client";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Lockout, LoginClient } from "@/lib/domain/auth/login-throttle";

/** One `auth.locked_out` row per lockout, when it starts (not for every refused attempt after it). */
export async function auditLockouts(db: Db, actor: Actor, email: string, started: Lockout[]): Promise<void> {
  if (started.length === 0) return;
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  await db.$transaction(async (tx) => {
    for (const lockout of started) {
      await recordAuditEvent(tx, actor, {
        userId: user?.id ?? null,
        action: "auth.locked_out",
        targetType: "user",
        targetId: user?.id,
        metadata: { email, scope: lockout.scope, retry_after_seconds: lockout.retryAfterSeconds },
      });
    }
  });
}

/**
 * Why a successful sign-in is unusual, or null: while unknown browsers were locked out of the account
 * (the second factor let it through), or from a browser and an address this account never signed in from.
 */
export async function isUnusualSignIn(
  db: Db,
  userId: string,
  client: LoginClient,
  trusted: boolean,
  accountLocked: boolean,
): Promise<string | null> {
  if (accountLocked) return "signed in with the second factor while unknown browsers were locked out";
  if (trusted) return null;
  const before = await db.auditEvent.findFirst({ where: { userId, action: "auth.sign_in" }, select: { action: true } });
  if (!before) return null; // the first sign-in of an account is not unusual
  const fromHere = await db.auditEvent.findFirst({ where: { userId, action: "auth.sign_in", ip: client.ip }, select: { action: true } });
  return fromHere ? null : "a new browser at an address this account never signed in from";
}
