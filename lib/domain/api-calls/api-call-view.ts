import { z } from "zod";
import type { ApiCall } from "@/generated/prisma/client";
import { parseJsonList } from "@/lib/engines/ledger/ledger-store";

/** A call of the credential proxy as it leaves the vault (pages, CLI, management API). Never a value. */
export const apiCallView = z.object({
  id: z.string(),
  created_at: z.string(),
  grant_id: z.string().nullable(),
  credentials: z.array(z.string()),
  account: z.string().nullable(),
  method: z.string(),
  origin: z.string(),
  path: z.string().describe("query values removed, injected values redacted"),
  status: z.number().int(),
  bytes_in: z.number().int(),
  bytes_out: z.number().int(),
  duration_ms: z.number().int(),
  redacted: z.boolean(),
  blocked_reason: z.string().nullable(),
  agent_id: z.string().nullable(),
});
export type ApiCallView = z.infer<typeof apiCallView>;

export function toApiCallView(r: ApiCall): ApiCallView {
  return {
    id: r.id,
    created_at: r.createdAt.toISOString(),
    grant_id: r.grantId,
    credentials: parseJsonList(r.credentials),
    account: r.account,
    method: r.method,
    origin: r.origin,
    path: r.path,
    status: r.status,
    bytes_in: r.bytesIn,
    bytes_out: r.bytesOut,
    duration_ms: r.durationMs,
    redacted: r.redacted,
    blocked_reason: r.blockedReason,
    agent_id: r.agentId,
  };
}
