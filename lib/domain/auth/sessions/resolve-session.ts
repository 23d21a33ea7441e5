import type { Db } from "@/lib/foundation/db/client";
import { LAST_SEEN_RESOLUTION_MS, sessionTokenHash } from "@/lib/domain/auth/sessions/session-token";

export type SessionUser = { id: string; email: string; role: "owner" | "member" };
export type ActiveSession = { id: string; verifiedAt: Date; user: SessionUser };

/** The live session a cookie token belongs to, or null (unknown, ended or expired). */
export async function resolveSession(db: Db, token: string | null | undefined, now = new Date()): Promise<ActiveSession | null> {
  const tokenHash = sessionTokenHash(token);
  if (!tokenHash) return null;
  const row = await db.userSession.findUnique({ where: { tokenHash }, include: { user: true } });
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    await db.userSession.deleteMany({ where: { id: row.id } });
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db.userSession.updateMany({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  const { user } = row;
  return {
    id: row.id,
    verifiedAt: row.verifiedAt,
    user: { id: user.id, email: user.email, role: user.role === "owner" ? "owner" : "member" },
  };
}
