/** Anthropic's error envelope, which the Anthropic SDKs turn into their typed errors. */
import type { VaultErrorShape } from "@/lib/engines/providers/types";

export function anthropicErrorBody(error: VaultErrorShape) {
  return { type: "error", error: { type: error.type, message: error.message }, request_id: error.requestId };
}

/** A mid-stream `error` event, as the Messages API sends one (e.g. overloaded_error). */
export function anthropicStreamErrorEvent(error: VaultErrorShape): string {
  return `event: error\ndata: ${JSON.stringify({ type: "error", error: { type: error.type, message: error.message } })}\n\n`;
}
