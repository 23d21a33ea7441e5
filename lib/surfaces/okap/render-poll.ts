/** [ext] Bodies of the asynchronous extension (docs/okap-protocol.md, "Asynchronous approval"). */
import { env } from "@/lib/foundation/env";
import type { PollResult } from "@/lib/domain/access-requests/poll-access-request";
import { POLL_INTERVAL_SECONDS } from "@/lib/domain/access-requests/poll-access-request";
import { isoSeconds } from "@/lib/engines/okap/render-outcome";
import { OKAP_VERSION, type OkapDialect } from "@/lib/engines/okap/types";

export function acceptedBody(created: { id: string; pollSecret: string | null; expiresAt: Date }): Record<string, unknown> {
  const base = env().publicUrl;
  return {
    okap: OKAP_VERSION,
    status: "pending",
    request_id: created.id,
    approval_url: `${base}/approve/${created.id}`,
    poll_url: `${base}/okap/requests/${created.id}`,
    poll_secret: created.pollSecret,
    interval: POLL_INTERVAL_SECONDS,
    expires_at: isoSeconds(created.expiresAt),
  };
}

/** Status and body of a poll answer. Dialect B's final bodies also carry the RFC 8628 error names. */
export function pollAnswer(
  id: string,
  dialect: OkapDialect,
  result: PollResult,
): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (result.kind === "pending" || result.kind === "slow_down") {
    const slow = result.kind === "slow_down";
    if (slow) headers["retry-after"] = String(POLL_INTERVAL_SECONDS);
    return {
      status: slow ? 429 : 200,
      headers,
      body: {
        okap: OKAP_VERSION,
        status: "pending",
        error: slow ? "slow_down" : "authorization_pending",
        request_id: id,
        interval: POLL_INTERVAL_SECONDS,
        expires_at: isoSeconds(result.expiresAt),
      },
    };
  }
  if (!("body" in result)) throw new Error("unreachable");
  const extra = dialect === "b" && result.kind !== "granted" ? { error: result.kind === "denied" ? "access_denied" : "expired_token" } : {};
  return { status: 200, headers, body: { ...result.body, ...extra } };
}
