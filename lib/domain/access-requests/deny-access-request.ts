import { z } from "zod";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { hasUnsafeCharacters } from "@/lib/foundation/text/safe-text";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { findAccessRequestOrThrow } from "@/lib/domain/access-requests/find-access-request-or-throw";
import { notifyRequestChanged } from "@/lib/domain/access-requests/request-events";
import { parseStoredRequest } from "@/lib/engines/okap/stored-request";
import { refuseHost } from "@/lib/domain/grants/refuse-host";
import { assertStillPending, expireRequestIfDue, notPendingError } from "@/lib/domain/access-requests/request-status";

export const denyInput = z
  .object({
    reason: z
      .string({ error: "reason must be a string" })
      .trim()
      .max(300, "reason must be at most 300 characters")
      .refine((v) => !hasUnsafeCharacters(v), "reason contains control, bidirectional or invisible characters")
      .nullish(),
  })
  .strict();

/** The owner refuses a request (once; a second decision gets 409). The reason is sent to the app. */
export async function denyAccessRequest(
  db: Db,
  actor: Actor,
  userId: string,
  requestId: string,
  input: unknown,
  now = new Date(),
): Promise<void> {
  const { reason } = parseInput(denyInput, input ?? {});
  const row = await findAccessRequestOrThrow(db, userId, requestId);
  if (row.expiresAt.getTime() <= now.getTime()) await expireRequestIfDue(db, row.id, now);
  assertStillPending(row, now);
  await withTransaction(db, async (tx) => {
    const claimed = await tx.accessRequest.updateMany({
      where: { id: row.id, status: "pending", expiresAt: { gt: now } },
      data: { status: "denied", decidedAt: now, decidedBy: actor.type === "user" ? actor.id : actor.type, decisionReason: reason || null },
    });
    if (claimed.count === 0) throw notPendingError(await tx.accessRequest.findUnique({ where: { id: row.id } }), now);
    const ext = parseStoredRequest(row.body).extendsGrant;
    if (ext) await refuseHost(tx, ext.scopeId, ext.host, ext.grantId);
    await recordAuditEvent(tx, actor, {
      userId,
      action: "request.denied",
      targetType: "access_request",
      targetId: row.id,
      metadata: { client_name: row.clientName, reason: reason || null },
    });
  });
  notifyRequestChanged(row.id);
}
