/**
 * Waits until a request is decided, expires, or the waiting client goes away. Re-reads the row every
 * half second (a decision may come from another vault instance or the CLI) and wakes at once on a
 * decision taken in this process. Expiry is written here too, conditionally.
 */
import type { Db } from "@/lib/foundation/db/client";
import { log } from "@/lib/foundation/log";
import { waitForChange } from "@/lib/domain/access-requests/request-events";
import { effectiveStatus, expireRequestIfDue, type RequestStatus } from "@/lib/domain/access-requests/request-status";

export const DECISION_POLL_MS = 500;

export async function waitForDecision(db: Db, id: string, signal: AbortSignal, pollMs = DECISION_POLL_MS): Promise<RequestStatus | "gone"> {
  let deadline = Number.POSITIVE_INFINITY;
  for (;;) {
    if (signal.aborted) return "gone";
    try {
      const row = await db.accessRequest.findUnique({ where: { id }, select: { status: true, expiresAt: true } });
      if (!row) return "expired";
      deadline = row.expiresAt.getTime();
      const now = new Date();
      const status = effectiveStatus(row, now);
      if (status === "expired" && row.status === "pending") {
        await expireRequestIfDue(db, id, now);
        continue; // read again: an approval may have landed just before the expiry was written
      }
      if (status !== "pending") return status;
    } catch (error) {
      log.warn("could not read an access request while waiting; retrying", { request_id: id, err: error });
      if (Date.now() > deadline + 30_000) return "expired";
    }
    await waitForChange(id, pollMs, signal);
  }
}
