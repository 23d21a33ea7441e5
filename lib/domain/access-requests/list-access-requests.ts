/**
 * The owner's requests for the inbox, the CLI and the approval page: what was asked, by whom, and
 * what became of it. Expired requests show as expired even before anyone wrote it down.
 */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { parseStoredRequest, limitsForDisplay } from "@/lib/engines/okap/stored-request";
import { isoSeconds } from "@/lib/engines/okap/render-outcome";
import { effectiveStatus, type RequestStatus } from "@/lib/domain/access-requests/request-status";

export const REQUEST_STATUSES = ["pending", "approved", "denied", "expired", "abandoned"] as const;
export const statusFilter = z.enum(REQUEST_STATUSES, { error: `status must be one of ${REQUEST_STATUSES.join(", ")}` });

export type AccessRequestView = {
  id: string;
  status: RequestStatus;
  dialect: "a" | "b";
  delivery: string;
  client_name: string;
  client_url: string | null;
  callback_url: string | null;
  providers: {
    provider: string;
    models: string[];
    capabilities: string[];
    limits: Record<string, number>;
    expires: string | null;
    reason: string | null;
  }[];
  /** api_access entries (the credential proxy). */
  apis: {
    hosts: string[];
    credentials: string[];
    methods: string[];
    limits: Record<string, number>;
    expires: string | null;
    reason: string | null;
  }[];
  /** A request the vault made to extend a wildcard grant with one host. */
  extends_grant: { grant_id: string; host: string; credentials: string[] } | null;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  decided_by: string | null;
  grant_id: string | null;
};

type Row = Awaited<ReturnType<Db["accessRequest"]["findMany"]>>[number];

export function toAccessRequestView(row: Row, now = new Date()): AccessRequestView {
  const request = parseStoredRequest(row.body);
  return {
    id: row.id,
    status: effectiveStatus(row, now),
    dialect: request.dialect,
    delivery: row.delivery,
    client_name: row.clientName,
    client_url: row.clientUrl,
    callback_url: row.callbackUrl,
    providers: request.entries.map((e) => ({
      provider: e.provider,
      models: e.models,
      capabilities: e.capabilities,
      limits: limitsForDisplay(e.limits),
      expires: e.expires ? isoSeconds(e.expires) : null,
      reason: e.reason,
    })),
    apis: request.apiEntries.map((e) => ({
      hosts: e.hosts,
      credentials: e.credentials,
      methods: e.methods,
      limits: { ...e.limits },
      expires: e.expires ? isoSeconds(e.expires) : null,
      reason: e.reason,
    })),
    extends_grant: request.extendsGrant
      ? { grant_id: request.extendsGrant.grantId, host: request.extendsGrant.host, credentials: request.extendsGrant.credentials }
      : null,
    created_at: isoSeconds(row.createdAt),
    expires_at: isoSeconds(row.expiresAt),
    decided_at: row.decidedAt ? isoSeconds(row.decidedAt) : null,
    decided_by: row.decidedBy,
    grant_id: row.grantId,
  };
}

/** One user's requests with this effective status (a pending request past its expiry is expired). */
export function requestStatusWhere(userId: string, status: RequestStatus | undefined, now: Date) {
  return status === "pending"
    ? { userId, status: "pending", expiresAt: { gt: now } }
    : status === "expired"
      ? { userId, OR: [{ status: "expired" }, { status: "pending", expiresAt: { lte: now } }] }
      : { userId, ...(status ? { status } : {}) };
}

export async function listAccessRequests(
  db: Db,
  userId: string,
  options: { status?: RequestStatus; limit?: number; skip?: number } = {},
  now = new Date(),
): Promise<AccessRequestView[]> {
  const where = requestStatusWhere(userId, options.status, now);
  const rows = await db.accessRequest.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: options.limit ?? 200,
    skip: options.skip,
  });
  return rows.map((row) => toAccessRequestView(row, now));
}

export async function countPendingRequests(db: Db, userId: string, now = new Date()): Promise<number> {
  return db.accessRequest.count({ where: { userId, status: "pending", expiresAt: { gt: now } } });
}
