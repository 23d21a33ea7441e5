/**
 * `{"error": {"type", "message", "field"?, ...extra, "request_id"?}}`: the envelope of the vault's
 * own JSON APIs (the browser UI's endpoints, the management API and the custom server's answers).
 */
import { describeError, type ErrorDescription } from "@/lib/foundation/errors/describe-error";

export type JsonErrorBody = { error: Record<string, unknown> };

export function jsonErrorBody(d: ErrorDescription): JsonErrorBody {
  return {
    error: {
      type: d.code,
      message: d.message,
      ...(d.field !== undefined ? { field: d.field } : {}),
      ...d.extra,
      ...(d.requestId !== undefined ? { request_id: d.requestId } : {}),
    },
  };
}

export function jsonErrorResponse(error: unknown, requestId?: string): Response {
  const d = describeError(error, requestId);
  return Response.json(jsonErrorBody(d), { status: d.status, headers: d.headers });
}
