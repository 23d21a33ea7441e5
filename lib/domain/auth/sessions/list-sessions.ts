import type { Db } from "@/lib/foundation/db/client";
import { deviceLabel } from "@/lib/domain/auth/sessions/device-label";

export type SessionView = {
  id: string;
  device: string;
  ip: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  current: boolean;
};

/** The user's live sessions, newest first; `current` marks the browser asking. */
export async function listSessions(db: Db, userId: string, currentId: string | null, now = new Date()): Promise<SessionView[]> {
  const rows = await db.userSession.findMany({ where: { userId, expiresAt: { gt: now } }, orderBy: { lastSeenAt: "desc" } });
  return rows.map((r) => ({
    id: r.id,
    device: deviceLabel(r.userAgent),
    ip: r.ip,
    created_at: r.createdAt.toISOString(),
    last_seen_at: r.lastSeenAt.toISOString(),
    expires_at: r.expiresAt.toISOString(),
    current: r.id === currentId,
  }));
}
