/**
 * Errors of the /okap/* endpoints in the envelope of the dialect: dialect A's flat
 * `{"approved": false, "error", "error_code"}` (error_code limited to the SDK's enum), and for
 * dialect B and the extensions the OKAP shape `{"error": {"type", "message", "request_id"}}`.
 * Unknown errors are logged under the reference they answer with, never echoed.
 */
import { newId } from "@/lib/foundation/crypto/random";
import { isVaultError, VaultError, type ErrorCode } from "@/lib/foundation/errors/vault-error";
import { log } from "@/lib/foundation/log";
import { OKAP_VERSION, type OkapDialect } from "@/lib/engines/okap/types";

const A_CODES = new Set(["user_denied", "request_expired", "provider_not_configured", "invalid_request", "policy_denied"]);

function dialectACode(code: ErrorCode | "internal_error"): string {
  return A_CODES.has(code)
    ? code
    : code === "internal_error" || code === "vault_sealed" || code === "vault_unavailable"
      ? code
      : "invalid_request";
}

export type OkapErrorParts = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

export function okapError(dialect: OkapDialect, error: unknown): OkapErrorParts {
  const requestId = newId("err");
  let known: VaultError;
  if (isVaultError(error)) known = error;
  else {
    log.error("okap endpoint failed", { err: error, request_id: requestId });
    known = new VaultError("internal_error", "Something went wrong inside the vault. The error was logged.");
  }
  const headers: Record<string, string> = { "cache-control": "no-store" };
  const retry = known.details?.retryAfterSeconds;
  if (typeof retry === "number") headers["retry-after"] = String(retry);
  const details = Object.fromEntries(Object.entries(known.details ?? {}).filter(([k]) => k !== "retryAfterSeconds"));
  const body =
    dialect === "a"
      ? {
          okap: OKAP_VERSION,
          approved: false,
          error: known.message,
          error_code: dialectACode(known.code),
          ...details,
          request_id: requestId,
        }
      : { okap: OKAP_VERSION, error: { type: known.code, message: known.message, ...details, request_id: requestId } };
  return { status: known.status, headers, body };
}

export function okapErrorResponse(dialect: OkapDialect, error: unknown): Response {
  const { status, headers, body } = okapError(dialect, error);
  return Response.json(body, { status, headers });
}
