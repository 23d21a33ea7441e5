/**
 * Errors of the /okap/* endpoints in the envelope of the dialect, over the one error core
 * (lib/foundation/errors/describe-error.ts): dialect A's flat `{"okap", "approved": false, "error",
 * "error_code"}` (error_code limited to the published SDK's enum), and for dialect B and the
 * extensions `{"okap", "error": {"type", "message", "request_id"}}`. Every answer carries a reference
 * (`err_...`); an unknown error is logged under it, never echoed.
 */
import { newId } from "@/lib/foundation/crypto/random";
import { describeError, type ErrorDescription } from "@/lib/foundation/errors/describe-error";
import type { ErrorCode } from "@/lib/foundation/errors/vault-error";
import { OKAP_VERSION, type OkapDialect } from "@/lib/engines/okap/types";

/** The `error_code`s the published dialect A SDK knows, plus the ones it shows as they are. */
const A_CODES = new Set<string>([
  "user_denied",
  "request_expired",
  "provider_not_configured",
  "invalid_request",
  "policy_denied",
  "internal_error",
  "vault_sealed",
  "vault_unavailable",
  "rate_limited",
]);

function dialectACode(code: ErrorCode): string {
  return A_CODES.has(code) ? code : "invalid_request";
}

export type OkapErrorParts = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

function details(d: ErrorDescription): Record<string, unknown> {
  return { ...(d.field !== undefined ? { field: d.field } : {}), ...d.extra, request_id: d.requestId };
}

export function okapError(dialect: OkapDialect, error: unknown): OkapErrorParts {
  const d = describeError(error, newId("err"));
  const body =
    dialect === "a"
      ? { okap: OKAP_VERSION, approved: false, error: d.message, error_code: dialectACode(d.code), ...details(d) }
      : { okap: OKAP_VERSION, error: { type: d.code, message: d.message, ...details(d) } };
  return { status: d.status, headers: d.headers, body };
}

export function okapErrorResponse(dialect: OkapDialect, error: unknown): Response {
  const { status, headers, body } = okapError(dialect, error);
  return Response.json(body, { status, headers });
}
