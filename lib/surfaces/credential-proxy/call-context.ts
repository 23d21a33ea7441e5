/** What is known about a credential-proxy call as it goes, for its call-log row (names, never values). */
import type { ApiCallRecord } from "@/lib/domain/api-calls/record-api-call";

export type CallContext = {
  startedMs: number;
  method: string;
  origin: string;
  path: string;
  agentId: string | null;
  account: string | null;
  userId: string | null;
  grantId: string | null;
  scopeId: string | null;
  credentialIds: string[];
  credentials: string[];
};

/** The path as logged: query keys only (values never), injected values already redacted by the caller. */
export function loggedPath(path: string, query: string): string {
  if (!query) return path;
  const keys = query
    .split("&")
    .map((p) => p.split("=", 1)[0]!)
    .filter(Boolean);
  return `${path}?${keys.map((k) => `${k.slice(0, 60)}=`).join("&")}`;
}

export function callRecord(
  ctx: CallContext & { userId: string },
  outcome: { status: number; bytesIn: number; bytesOut: number; redacted: boolean; blockedReason: string | null },
): ApiCallRecord {
  return {
    userId: ctx.userId,
    grantId: ctx.grantId,
    scopeId: ctx.scopeId,
    credentialIds: ctx.credentialIds,
    credentials: ctx.credentials,
    account: ctx.account,
    method: ctx.method,
    origin: ctx.origin,
    path: ctx.path,
    durationMs: performance.now() - ctx.startedMs,
    agentId: ctx.agentId,
    ...outcome,
  };
}
