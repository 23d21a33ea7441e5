/**
 * The credential proxy's error envelope (keychains' shape):
 * `{"error": "<code>", "error_description": "<text>", ...extra, "request_id"}`. Token failures are all
 * `invalid_token`; a paused grant is `permission_denied`.
 */
import { describeError } from "@/lib/foundation/errors/describe-error";

const RENAMED: Record<string, string> = {
  token_revoked: "invalid_token",
  token_expired: "invalid_token",
  grant_paused: "permission_denied",
};

export function credentialProxyError(error: unknown, requestId: string) {
  const d = describeError(error, requestId);
  const code = RENAMED[d.code] ?? d.code;
  // An on-demand approval's request_id is the access request to approve (as keychains names it); the
  // call's own id stays in x-okap-request-id.
  const { approval_request_id: approval, ...extra } = d.extra ?? {};
  const body = { error: code, error_description: d.message, ...extra, request_id: approval ?? requestId };
  return { status: d.status, code, headers: { "content-type": "application/json", ...d.headers, "x-okap-request-id": requestId }, body };
}
