/**
 * The status a request really has: a pending request past its expiry is expired even before anyone
 * wrote that down (expireRequestIfDue does, conditionally).
 */
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";

export type RequestStatus = "pending" | "approved" | "denied" | "expired" | "abandoned";

export function effectiveStatus(row: { status: string; expiresAt: Date }, now = new Date()): RequestStatus {
  if (row.status === "pending" && row.expiresAt.getTime() <= now.getTime()) return "expired";
  return row.status as RequestStatus;
}

/** Writes "expired" on a pending request past its expiry (no-op otherwise). */
export async function expireRequestIfDue(db: Db, id: string, now = new Date()): Promise<void> {
  await db.accessRequest.updateMany({
    where: { id, status: "pending", expiresAt: { lte: now } },
    data: { status: "expired", decidedAt: now },
  });
}

/** The error a decision on a request that is no longer pending deserves. */
export function notPendingError(row: { status: string; expiresAt: Date } | null, now = new Date()): VaultError {
  const status = row ? effectiveStatus(row, now) : "expired";
  if (status === "expired") return new VaultError("request_expired", "This request expired before a decision; the app has to ask again.");
  if (status === "abandoned")
    return new VaultError("request_abandoned", "The app stopped waiting for this request; it can no longer be approved.");
  if (status === "pending") return new VaultError("request_decided", "This request was decided at the same moment elsewhere.");
  return new VaultError("request_decided", `This request was already ${status}.`, { extra: { status } });
}

export function assertStillPending(row: { status: string; expiresAt: Date }, now = new Date()): void {
  if (effectiveStatus(row, now) !== "pending") throw notPendingError(row, now);
}
