/**
 * The one error core: any thrown value becomes the status, headers, code, message and field a
 * surface renders. Each surface only wraps this description in its own envelope (the JSON APIs,
 * the provider envelopes of the proxy, the two OKAP dialects, the custom server's own answers).
 * An unknown error is logged once, under the reference the answer carries, and replaced by one
 * generic message: nothing of it is echoed.
 */
import { newId } from "@/lib/foundation/crypto/random";
import { noteDatabaseTrouble } from "@/lib/foundation/db/database-health";
import { isDatabaseUnavailable } from "@/lib/foundation/db/errors";
import { isVaultError, VaultError, type ErrorCode, type ErrorExtraValue } from "@/lib/foundation/errors/vault-error";
import { log } from "@/lib/foundation/log";

export const INTERNAL_ERROR_MESSAGE = "Something went wrong inside the vault. The error was logged.";

/** When a 503 does not say how long to wait (the SDKs retry 503 after `retry-after`). */
const DEFAULT_503_RETRY_SECONDS = 5;

/** Keys of the envelopes themselves: an extra never overwrites them. */
const RESERVED = new Set(["type", "code", "message", "field", "param", "request_id", "okap", "approved", "error", "error_code"]);

export type ErrorDescription = {
  status: number;
  /** cache-control: no-store always; retry-after when known (503 defaults to 5 s); 402 x-should-retry: false. */
  headers: Record<string, string>;
  code: ErrorCode;
  message: string;
  field: string | undefined;
  extra: Readonly<Record<string, ErrorExtraValue>>;
  /** The reference of the answer: the caller's request id, or a new one for an unknown error. */
  requestId: string | undefined;
};

const logged = new WeakSet<object>();

/** Logs an error at most once, however many layers describe it. */
function logOnce(level: "error" | "warn", message: string, err: unknown, fields: Record<string, unknown>): void {
  if (typeof err === "object" && err !== null) {
    if (logged.has(err)) return;
    logged.add(err);
  }
  log[level](message, { ...fields, err });
}

function safeExtra(extra: Readonly<Record<string, ErrorExtraValue>> | undefined): Readonly<Record<string, ErrorExtraValue>> {
  if (!extra) return {};
  return Object.fromEntries(Object.entries(extra).filter(([key]) => !RESERVED.has(key)));
}

function headersFor(status: number, retryAfterSeconds: number | undefined): Record<string, string> {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  const retry = retryAfterSeconds ?? (status === 503 ? DEFAULT_503_RETRY_SECONDS : undefined);
  if (retry !== undefined) headers["retry-after"] = String(Math.max(0, Math.ceil(retry)));
  if (status === 402) headers["x-should-retry"] = "false"; // the SDKs would retry it otherwise
  return headers;
}

/** A database that cannot be reached or cannot write: the caller may retry shortly (never a 500). */
const databaseUnavailable = (cause: unknown) =>
  new VaultError("vault_unavailable", "The vault cannot reach its database right now. Retry shortly.", { retryAfterSeconds: 5, cause });

export function describeError(error: unknown, requestId?: string): ErrorDescription {
  if (!isVaultError(error) && isDatabaseUnavailable(error)) return describeError(databaseUnavailable(error), requestId);
  if (!isVaultError(error)) {
    const reference = requestId ?? newId("err");
    logOnce("error", "unhandled error", error, { request_id: reference });
    return {
      status: 500,
      headers: headersFor(500, undefined),
      code: "internal_error",
      message: INTERNAL_ERROR_MESSAGE,
      field: undefined,
      extra: {},
      requestId: reference,
    };
  }
  // An outage is summarised (lib/foundation/db/database-health.ts), not logged once per answer.
  if (error.code === "vault_unavailable" && isDatabaseUnavailable(error.cause)) noteDatabaseTrouble(error.cause);
  else if (error.cause !== undefined) logOnce("warn", error.message, error.cause, { code: error.code, request_id: requestId });
  return {
    status: error.status,
    headers: headersFor(error.status, error.retryAfterSeconds),
    code: error.code,
    message: error.message,
    field: error.field,
    extra: safeExtra(error.extra),
    requestId,
  };
}
