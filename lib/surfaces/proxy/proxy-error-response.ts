/**
 * A vault rejection in the provider's own error envelope, so the provider's SDK raises its typed
 * error: statuses and `error.type`s of docs/okap-protocol.md, "Errors on proxied calls". 402 carries `x-should-retry: false`
 * (the SDKs retry 429 and 5xx by themselves), 429 and 503 carry `retry-after`. Unknown errors are
 * logged and answered with a generic 500 that echoes nothing.
 */
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { log } from "@/lib/foundation/log";
import type { ProviderAdapter } from "@/lib/engines/providers/types";
import type { ProxyResponse } from "@/lib/surfaces/proxy/proxy-types";

export function proxyErrorResponse(adapter: ProviderAdapter, error: unknown, requestId: string): ProxyResponse {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "cache-control": "no-store",
    "x-okap-request-id": requestId,
  };
  if (!isVaultError(error)) {
    log.error("proxy request failed", { err: error, request_id: requestId });
    const body = adapter.errorBody({
      type: "internal_error",
      message: "Something went wrong inside the vault. The error was logged.",
      requestId,
    });
    return { status: 500, headers, body: Buffer.from(JSON.stringify(body)) };
  }
  if (error.code === "budget_exceeded") headers["x-should-retry"] = "false";
  const retry = error.details?.retryAfterSeconds;
  if (typeof retry === "number") headers["retry-after"] = String(retry);
  else if (error.status === 503) headers["retry-after"] = "5";
  const param = typeof error.details?.param === "string" ? error.details.param : undefined;
  const body = adapter.errorBody({ type: error.code, message: error.message, requestId, ...(param ? { param } : {}) });
  return { status: error.status, headers, body: Buffer.from(JSON.stringify(body)) };
}
