/**
 * A vault rejection in the provider's own error envelope (the adapter's errorBody), so the
 * provider's SDK raises its typed error: statuses and `error.type`s of the error core
 * (lib/foundation/errors/describe-error.ts), plus the request id the vault logs it under.
 */
import { describeError } from "@/lib/foundation/errors/describe-error";
import type { ProviderAdapter } from "@/lib/engines/providers/types";
import type { ProxyResponse } from "@/lib/surfaces/proxy/proxy-types";

/** `path`: the request's path below the provider root, when known (it picks the envelope of a two-API provider). */
export function proxyErrorResponse(adapter: ProviderAdapter, error: unknown, requestId: string, path?: string): ProxyResponse {
  const d = describeError(error, requestId);
  const headers = { "content-type": "application/json", ...d.headers, "x-okap-request-id": requestId };
  const shape = { type: d.code, message: d.message, requestId, ...(d.field !== undefined ? { field: d.field } : {}) };
  const body = adapter.errorBody(shape, path);
  return { status: d.status, headers, body: Buffer.from(JSON.stringify(body)) };
}
