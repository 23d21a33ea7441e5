/**
 * The body an app receives for a decided request, in its dialect. For an approved request this is
 * where the token is minted (once): a second delivery answers "claimed" instead.
 */
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { deniedBody, expiredBody, extensionGrantedBody, grantedBody } from "@/lib/engines/okap/render-outcome";
import { parseStoredRequest } from "@/lib/engines/okap/stored-request";
import type { OkapDialect } from "@/lib/engines/okap/types";
import { claimRequestToken, type ClaimCondition } from "@/lib/domain/access-requests/claim-request-token";
import type { RequestStatus } from "@/lib/domain/access-requests/request-status";

export type Outcome = { kind: "granted" | "denied" | "expired"; body: Record<string, unknown> } | { kind: "claimed" };

export async function deliverDecision(
  db: Db,
  app: Actor,
  row: { id: string; dialect: string; decisionReason: string | null; body?: string },
  status: Exclude<RequestStatus, "pending">,
  condition?: ClaimCondition,
): Promise<Outcome> {
  const dialect = row.dialect as OkapDialect;
  if (status === "denied") return { kind: "denied", body: deniedBody(dialect, row.decisionReason) };
  if (status !== "approved") return { kind: "expired", body: expiredBody(dialect) };
  const ext = row.body ? parseStoredRequest(row.body).extendsGrant : null;
  if (ext) return { kind: "granted", body: extensionGrantedBody(row.id, ext.host, ext.credentials) };
  const delivered = await claimRequestToken(db, app, row.id, condition);
  if (!delivered) return { kind: "claimed" };
  return { kind: "granted", body: grantedBody(dialect, delivered, env().publicUrl) };
}
