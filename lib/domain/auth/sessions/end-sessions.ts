import type { Db, Tx } from "@/lib/foundation/db/client";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { sessionTokenHash } from "@/lib/domain/auth/sessions/session-token";

/** Sign-out: the session of this cookie token ends on the server (a copy of the cookie is worthless). */
export async function endSessionByToken(db: Db, token: string | null | undefined, actor: Actor): Promise<void> {
  const tokenHash = sessionTokenHash(token);
  if (!tokenHash) return;
  await db.$transaction(async (tx) => {
    const row = await tx.userSession.findUnique({ where: { tokenHash } });
    if (!row) return;
    await tx.userSession.delete({ where: { id: row.id } });
    await recordAuditEvent(
      tx,
      { ...actor, id: row.userId },
      { userId: row.userId, action: "auth.sign_out", targetType: "session", targetId: row.id },
    );
  });
}

/** Drops the session a browser held before it signed in again (no orphan left alive; not a sign-out to audit). */
export async function dropSessionByToken(db: Db, token: string | null | undefined): Promise<void> {
  const tokenHash = sessionTokenHash(token);
  if (tokenHash) await db.userSession.deleteMany({ where: { tokenHash } });
}

/** Ends every session of a user, or every one but `exceptId` (the browser that made the change). */
export async function endUserSessions(tx: Tx, userId: string, exceptId: string | null = null): Promise<number> {
  const { count } = await tx.userSession.deleteMany({ where: { userId, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  return count;
}
