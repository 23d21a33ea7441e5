/**
 * The background work of a process (the hold sweeper, settlement retries, the cockpit's round, the
 * webhook worker, the live requests' checks, the change listener) behind one interface, so that
 * the server starts it in one place and stops it in the order its shutdown needs (server/background.ts).
 *
 * `backgroundLoop` is the periodic kind: a round every `intervalMs` on an unref'd timer (a loop
 * never keeps the process alive), rounds one at a time (a wake during a round asks for exactly one
 * more after it, so a nudge is never lost), a failed round logged and retried on the next tick
 * (never thrown), and `stop()` resolving once the round that was running has ended; the round's
 * signal is aborted at stop so a long round can end early. A started loop is registered under its
 * name, so `wakeLoop(name)` reaches it from either bundle (a no-op where none runs, e.g. the CLI).
 */
import { noteDatabaseTrouble } from "@/lib/foundation/db/database-health";
import { isDatabaseUnavailable } from "@/lib/foundation/db/errors";
import { log } from "@/lib/foundation/log";
import { peekSingleton, setSingleton } from "@/lib/foundation/runtime/singleton";

export interface BackgroundTask {
  readonly name: string;
  /** Starts it; a second start of a running task changes nothing. */
  start(): void;
  /** Stops it: no new work from now on; resolves when the work that was running has ended. Never rejects. */
  stop(): Promise<void>;
}

export interface BackgroundLoop extends BackgroundTask {
  /** Runs a round soon (on the next turn of the event loop, or after the wake throttle), unless one is already due. */
  wake(): void;
  readonly running: boolean;
}

export type LoopOptions = {
  name: string;
  intervalMs: number;
  round: (signal: AbortSignal) => Promise<unknown>;
  /** Also run a round at start (default false: the first one after intervalMs). */
  runAtStart?: boolean;
  /** A wake runs the round at most this often, counted from the last round's start (default 0: at once). */
  wakeThrottleMs?: number;
  /** The warning logged when a round fails. */
  failureMessage?: string;
};

const slot = (name: string) => `loop.${name}`;

export function backgroundLoop(options: LoopOptions): BackgroundLoop {
  const { name, intervalMs, round, wakeThrottleMs = 0 } = options;
  const failure = options.failureMessage ?? `${name} round failed; will retry`;
  let timer: NodeJS.Timeout | null = null;
  let woken: NodeJS.Timeout | null = null;
  let controller = new AbortController();
  let current: Promise<void> | null = null;
  let again = false;
  let lastStart = 0;

  const runRounds = (): Promise<void> => {
    if (current) {
      again = true;
      return current;
    }
    const signal = controller.signal;
    current = (async () => {
      do {
        again = false;
        lastStart = Date.now();
        try {
          await round(signal);
        } catch (error) {
          // An outage is summarised once for the whole process, not once per loop and round.
          if (isDatabaseUnavailable(error)) noteDatabaseTrouble(error);
          else log.warn(failure, { err: error });
        }
      } while (again && !signal.aborted);
    })().finally(() => (current = null));
    return current;
  };

  const loop: BackgroundLoop = {
    name,
    get running() {
      return timer !== null;
    },
    start() {
      if (timer) return;
      controller = new AbortController();
      timer = setInterval(() => void runRounds(), intervalMs);
      timer.unref();
      setSingleton(slot(name), loop);
      if (options.runAtStart) void runRounds();
    },
    wake() {
      if (!timer || woken) return;
      // Always on a timer: a wake from the hot path (a settlement) never runs a round in its own call stack.
      woken = setTimeout(
        () => {
          woken = null;
          if (timer) void runRounds();
        },
        Math.max(0, lastStart + wakeThrottleMs - Date.now()),
      );
      woken.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      if (woken) clearTimeout(woken);
      timer = woken = null;
      controller.abort();
      if (peekSingleton(slot(name)) === loop) setSingleton(slot(name), undefined);
      await current;
    },
  };
  return loop;
}

/** Asks the loop of this name running in this process for a round soon; a no-op where none runs. */
export function wakeLoop(name: string): void {
  peekSingleton<BackgroundLoop>(slot(name))?.wake();
}

/** Stops tasks one after the other, in this order. */
export async function stopInOrder(tasks: readonly BackgroundTask[]): Promise<void> {
  for (const task of tasks) await task.stop();
}
