/**
 * One row per call through the credential proxy, blocked ones included. Holds names and sizes, never
 * a value: the path comes in with its query values already removed and injected values redacted.
 * Also moves the credentials' last use. A failure to record is logged, never the caller's problem.
 */
import { newId } from "@/lib/foundation/crypto/random";
import type { Db } from "@/lib/foundation/db/client";
import { log } from "@/lib/foundation/log";

export type ApiCallRecord = {
  userId: string;
  grantId: string | null;
  scopeId: string | null;
  credentialIds: string[];
  credentials: string[];
  account: string | null;
  method: string;
  origin: string;
  path: string;
  status: number;
  bytesIn: number;
  bytesOut: number;
  durationMs: number;
  redacted: boolean;
  blockedReason: string | null;
  agentId: string | null;
};

export async function recordApiCall(db: Db, call: ApiCallRecord, now = new Date()): Promise<void> {
  try {
    await db.apiCall.create({
      data: {
        id: newId("apc"),
        userId: call.userId,
        grantId: call.grantId,
        scopeId: call.scopeId,
        credentials: JSON.stringify(call.credentials),
        account: call.account,
        method: call.method.slice(0, 16),
        origin: call.origin.slice(0, 300),
        path: call.path.slice(0, 1000),
        status: call.status,
        bytesIn: call.bytesIn,
        bytesOut: call.bytesOut,
        durationMs: Math.round(call.durationMs),
        redacted: call.redacted,
        blockedReason: call.blockedReason,
        agentId: call.agentId?.slice(0, 100) ?? null,
        createdAt: now,
      },
    });
    if (call.credentialIds.length && call.blockedReason === null)
      await db.credential.updateMany({ where: { id: { in: call.credentialIds } }, data: { lastUsedAt: now } });
  } catch (error) {
    log.error("could not record a credential-proxy call", { err: error, grant_id: call.grantId });
  }
}
