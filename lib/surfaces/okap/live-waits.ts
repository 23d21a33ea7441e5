/**
 * The OKAP answers this process holds open while an app waits for a person (waiting-response.ts).
 * On shutdown they keep waiting through the grace period, since a decision taken on any instance or
 * by the CLI still reaches them; at the deadline each is stopped: its request is abandoned and the
 * app told to ask again (instead of a cut connection), before the database closes.
 */
import { singleton } from "@/lib/foundation/runtime/singleton";

/** After the deadline: how long stopped waits get to write their answer before the process closes anyway. */
export const STOPPED_ANSWER_MS = 5_000;

type Waits = { live: Set<AbortController>; idle: Set<() => void> };

const waits = () => singleton<Waits>("okap-waits", () => ({ live: new Set(), idle: new Set() }));

/** One held-open answer: `signal` aborts when the process stops it; call `end` once it is answered. */
export function beginOkapWait(): { signal: AbortSignal; end: () => void } {
  const w = waits();
  const controller = new AbortController();
  w.live.add(controller);
  return {
    signal: controller.signal,
    end: () => {
      if (w.live.delete(controller) && w.live.size === 0) for (const resolve of w.idle) resolve();
    },
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Shutdown: resolves when every wait is answered, stopping those left after `graceMs`. Returns how many were waiting. */
export async function drainOkapWaits(graceMs: number): Promise<number> {
  const w = waits();
  const waiting = w.live.size;
  if (waiting === 0) return 0;
  let resolveIdle!: () => void;
  const allAnswered = new Promise<void>((resolve) => (resolveIdle = resolve));
  w.idle.add(resolveIdle);
  const stopped = delay(graceMs).then(() => {
    for (const controller of w.live) controller.abort();
    return Promise.race([allAnswered, delay(STOPPED_ANSWER_MS)]);
  });
  await Promise.race([allAnswered, stopped]);
  w.idle.delete(resolveIdle);
  return waiting;
}
