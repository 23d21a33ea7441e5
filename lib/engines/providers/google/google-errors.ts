/**
 * Google's error envelope, `{"error": {"code", "message", "status", "details"}}` (google.rpc.Status
 * over HTTP), which `@google/genai` turns into its ApiError: `code` is the HTTP status, `status` the
 * canonical gRPC name, and an ErrorInfo detail carries the vault's reason (`reason` in capitals,
 * `metadata.type` as the vault names it) and the request id. Inside a stream the same object
 * arrives as a chunk (an SSE `data:` event, or an element of the JSON array).
 */
import { ERROR_STATUS, type ErrorCode } from "@/lib/foundation/errors/vault-error";
import type { VaultErrorShape } from "@/lib/engines/providers/types";

const GRPC_STATUS: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  402: "RESOURCE_EXHAUSTED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  408: "DEADLINE_EXCEEDED",
  409: "ABORTED",
  413: "INVALID_ARGUMENT",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

function httpStatus(type: string): number {
  return Object.hasOwn(ERROR_STATUS, type) ? ERROR_STATUS[type as ErrorCode] : 500;
}

export function googleErrorBody(error: VaultErrorShape) {
  const code = httpStatus(error.type);
  const metadata: Record<string, string> = { type: error.type, request_id: error.requestId };
  if (error.field !== undefined) metadata.field = error.field;
  return {
    error: {
      code,
      message: error.message,
      status: GRPC_STATUS[code] ?? "UNKNOWN",
      details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: error.type.toUpperCase(), domain: "okap-vault", metadata }],
    },
  };
}

/** A mid-stream error as an SSE event (Gemini frames its events with CRLF). */
export function googleStreamErrorEvent(error: VaultErrorShape): string {
  return `data: ${JSON.stringify(googleErrorBody(error))}\r\n\r\n`;
}
