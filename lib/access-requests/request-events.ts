/**
 * In-process wake-ups for connections waiting on a request: a decision taken in this process reaches
 * its waiter at once. Waiters also re-read the database every half second, so a decision taken by
 * another instance (or the CLI) arrives too; this is only the fast path.
 */
import { EventEmitter } from "node:events";
import { singleton } from "@/lib/runtime/singleton";

function emitter(): EventEmitter {
  return singleton("access-request-events", () => new EventEmitter().setMaxListeners(0));
}

export function notifyRequestChanged(requestId: string): void {
  emitter().emit(requestId);
}

/** Resolves after ms, or earlier when the request changes or the signal aborts. */
export function waitForChange(requestId: string, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      emitter().off(requestId, done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    emitter().once(requestId, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
