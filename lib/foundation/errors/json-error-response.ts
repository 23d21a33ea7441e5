import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { log } from "@/lib/foundation/log";

/**
 * `{"error": {"type", "message", ...details}}`: the envelope of the vault's own JSON APIs (the browser
 * UI's endpoints and the management API). Unknown errors are logged with a reference and answered
 * with a generic 500 that echoes nothing of the failure.
 */
export function jsonErrorResponse(error: unknown, requestId?: string): Response {
  if (isVaultError(error)) {
    const headers: Record<string, string> = { "cache-control": "no-store" };
    const retry = error.details?.retryAfterSeconds;
    if (typeof retry === "number") headers["retry-after"] = String(retry);
    return Response.json(
      { error: { type: error.code, message: error.message, ...error.details, ...(requestId ? { request_id: requestId } : {}) } },
      { status: error.status, headers },
    );
  }
  log.error("unhandled error", { err: error, requestId });
  return Response.json(
    {
      error: {
        type: "internal_error",
        message: "Something went wrong inside the vault. The error was logged.",
        ...(requestId ? { request_id: requestId } : {}),
      },
    },
    { status: 500, headers: { "cache-control": "no-store" } },
  );
}
