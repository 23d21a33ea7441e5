/**
 * Wake-ups for connections waiting on a request: a decision taken in this process reaches its waiter
 * at once, and other instances hear of it through PostgreSQL NOTIFY (lib/foundation/cluster). Waiters also
 * re-read the database every half second, so a decision arrives even when nobody announced it (the
 * CLI, a listener reconnecting); this is only the fast path.
 */
import { EventEmitter } from "node:events";
import { onChange } from "@/lib/foundation/cluster/apply-change";
import { broadcastChange } from "@/lib/foundation/cluster/broadcast-change";
import { singleton } from "@/lib/foundation/runtime/singleton";

function emitter(): EventEmitter {
  return singleton("access-request-events", () => new EventEmitter().setMaxListeners(0));
}

/** After a committed change of the request: wakes its waiters here and on every other instance. */
export function notifyRequestChanged(requestId: string): void {
  emitRequestChanged(requestId);
  broadcastChange({ kind: "request", id: requestId });
}

/** Wakes this process's waiters only. */
export function emitRequestChanged(requestId: string): void {
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

onChange("request-waiters", ["request"], (change) => emitRequestChanged(change.id));
