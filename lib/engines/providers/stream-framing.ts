/**
 * The stream framings an adapter can choose from (lib/engines/providers/types.ts, StreamFraming):
 * - SSE, with any of LF / CRLF / CR line endings (lib/foundation/sse): a cut stream ends with the
 *   provider's own error event;
 * - a JSON array streamed element by element (lib/foundation/json-stream): each element is an
 *   event named "message" whose data is the element's JSON; a cut stream ends with an error element
 *   and the closing `]`, so the client's JSON parser still gets a whole array.
 */
import { JsonArraySplitter } from "@/lib/foundation/json-stream/json-array-splitter";
import { parseSseEvent, type SseEvent } from "@/lib/foundation/sse/parse-sse-event";
import { SseEventSplitter } from "@/lib/foundation/sse/sse-event-splitter";
import type { StreamFraming, VaultErrorShape } from "@/lib/engines/providers/types";

/** A `text/event-stream` content type. */
export function isEventStream(contentType: string): boolean {
  return /^text\/event-stream/i.test(contentType);
}

/** SSE events; `errorEvent` renders the provider's error event (with its blank line). */
export function sseFraming(errorEvent: (error: VaultErrorShape) => string): StreamFraming {
  const splitter = new SseEventSplitter();
  return {
    push: (chunk) => splitter.push(chunk),
    flush: () => splitter.flush(),
    parse: (bytes) => parseSseEvent(bytes),
    errorTail: (error) => Buffer.from(errorEvent(error)),
  };
}

const SEPARATOR: Record<string, string> = { start: "[", open: "", element: "," };

/** JSON array elements; `errorElement` is the provider's error object. */
export function jsonArrayFraming(errorElement: (error: VaultErrorShape) => unknown): StreamFraming {
  const splitter = new JsonArraySplitter();
  return {
    push: (chunk) => splitter.push(chunk),
    flush: () => splitter.flush(),
    parse: (bytes): SseEvent => ({ event: "message", data: bytes.toString("utf8").trim() }),
    errorTail(error) {
      const before = SEPARATOR[splitter.position];
      return before === undefined ? Buffer.alloc(0) : Buffer.from(`${before}${JSON.stringify(errorElement(error))}]`);
    },
  };
}
