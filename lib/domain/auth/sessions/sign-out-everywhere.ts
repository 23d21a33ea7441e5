import type { Db } from "@/lib/foundation/db/client";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { endUserSessions } from "@/lib/domain/auth/sessions/end-sessions";

/** Ends every session of the user, this browser's included. */
export async function signOutEverywhere(db: Db, userId: string, actor: Actor): Promise<{ ended: number }> {
  return db.$transaction(async (tx) => {
    const ended = await endUserSessions(tx, userId);
    await recordAuditEvent(tx, actor, {
      userId,
      action: "auth.signed_out_everywhere",
      targetType: "user",
      targetId: userId,
      metadata: { ended },
    });
    return { ended };
  });
}
