/**
 * The one lifecycle of the server's background loops: rounds on a timer that never keeps the
 * process alive, one round at a time with no nudge lost, failures logged and retried (never
 * thrown), a stop that waits for the running round and starts nothing after it, and wakes that
 * reach a loop by name from anywhere in the process.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "@/lib/foundation/log";
import { backgroundLoop, stopInOrder, wakeLoop, type BackgroundLoop, type BackgroundTask } from "@/lib/foundation/runtime/background-loop";
import { waitFor } from "@/test/support/wait-for";

let seq = 0;
const started: BackgroundLoop[] = [];
const gates: (() => void)[] = [];
afterEach(async () => {
  const stopping = started.splice(0).map((loop) => loop.stop());
  for (const release of gates.splice(0)) release();
  await Promise.all(stopping);
  vi.restoreAllMocks();
});

/** A loop whose rounds wait until released; counts rounds started and the most that ran at once. */
function gatedLoop(options: { intervalMs?: number; runAtStart?: boolean; wakeThrottleMs?: number } = {}) {
  const state = { rounds: 0, running: 0, most: 0, signals: [] as AbortSignal[], release: [] as (() => void)[] };
  const loop = backgroundLoop({
    name: `test-loop-${++seq}`,
    intervalMs: options.intervalMs ?? 60_000,
    runAtStart: options.runAtStart,
    wakeThrottleMs: options.wakeThrottleMs,
    round: async (signal) => {
      state.rounds++;
      state.running++;
      state.most = Math.max(state.most, state.running);
      state.signals.push(signal);
      await new Promise<void>((resolve) => state.release.push(resolve));
      state.running--;
    },
  });
  started.push(loop);
  const releaseAll = () => state.release.splice(0).forEach((r) => r());
  gates.push(releaseAll);
  return { loop, state, releaseAll };
}

const turn = () => new Promise((r) => setTimeout(r, 5));

describe("backgroundLoop", () => {
  it("runs a round at start only when asked, then one per interval", async () => {
    const quiet = gatedLoop();
    quiet.loop.start();
    await turn();
    expect(quiet.state.rounds).toBe(0);

    const eager = gatedLoop({ runAtStart: true });
    eager.loop.start();
    expect(eager.state.rounds).toBe(1);

    let ticks = 0;
    const periodic = backgroundLoop({ name: `test-loop-${++seq}`, intervalMs: 10, round: async () => void ticks++ });
    started.push(periodic);
    periodic.start();
    periodic.start(); // a second start changes nothing
    await waitFor(() => ticks >= 3, 5_000, "three rounds");
    expect(periodic.running).toBe(true);
  });

  it("never overlaps rounds: wakes during a round ask for exactly one more after it", async () => {
    const { loop, state, releaseAll } = gatedLoop({ runAtStart: true });
    loop.start();
    for (let i = 0; i < 5; i++) loop.wake();
    await turn();
    expect(state.rounds).toBe(1);
    releaseAll();
    await waitFor(() => state.rounds === 2, 5_000, "the one round asked for");
    releaseAll();
    await turn();
    expect(state.rounds).toBe(2);
    expect(state.most).toBe(1);
  });

  it("logs a failed round, never throws it, and runs the next one", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    let calls = 0;
    const loop = backgroundLoop({
      name: `test-loop-${++seq}`,
      intervalMs: 10,
      runAtStart: true,
      failureMessage: "test round failed",
      round: async () => {
        if (++calls === 1) throw new Error("database away");
      },
    });
    started.push(loop);
    loop.start();
    await waitFor(() => calls >= 2, 5_000, "the round after the failure");
    expect(warn).toHaveBeenCalledWith("test round failed", { err: expect.objectContaining({ message: "database away" }) });
  });

  it("stops: aborts the round's signal, waits for the round, and starts nothing after it", async () => {
    const { loop, state, releaseAll } = gatedLoop({ runAtStart: true, intervalMs: 10 });
    loop.start();
    loop.wake();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    expect(state.signals[0]!.aborted).toBe(true);
    expect(loop.running).toBe(false);
    await turn();
    expect(stopped).toBe(false); // the round still runs
    releaseAll();
    await stopping;
    await new Promise((r) => setTimeout(r, 30)); // three intervals
    expect(state.rounds).toBe(1); // neither the wake nor the timer ran another
  });

  it("starts again after a stop, with a fresh signal", async () => {
    const { loop, state, releaseAll } = gatedLoop({ runAtStart: true });
    loop.start();
    releaseAll();
    await loop.stop();
    loop.start();
    await waitFor(() => state.rounds === 2, 5_000, "the round of the second start");
    expect(state.signals[1]!.aborted).toBe(false);
    releaseAll();
  });

  it("is woken by name while it runs, and not at all before or after", async () => {
    const { loop, state, releaseAll } = gatedLoop();
    wakeLoop(loop.name);
    await turn();
    expect(state.rounds).toBe(0); // not started
    loop.start();
    wakeLoop(loop.name);
    await waitFor(() => state.rounds === 1, 5_000, "the woken round");
    releaseAll();
    await loop.stop();
    wakeLoop(loop.name);
    wakeLoop("no-such-loop");
    await turn();
    expect(state.rounds).toBe(1);
  });

  it("throttles wakes from the last round's start; a stop cancels a wake still waiting", async () => {
    const { loop, state, releaseAll } = gatedLoop({ runAtStart: true, wakeThrottleMs: 60_000 });
    loop.start();
    releaseAll();
    loop.wake();
    loop.wake();
    await turn();
    expect(state.rounds).toBe(1); // waits for the throttle
    await loop.stop();
    expect(state.rounds).toBe(1);
  });

  it("never keeps the process alive", () => {
    const script = [
      'import { backgroundLoop } from "@/lib/foundation/runtime/background-loop";',
      'const loop = backgroundLoop({ name: "idle", intervalMs: 50, runAtStart: true, wakeThrottleMs: 60_000, round: async () => undefined });',
      "loop.start();",
      "setTimeout(() => loop.wake(), 10);",
    ].join("\n");
    const root = process.cwd();
    const child = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--eval", script], {
      cwd: root,
      timeout: 20_000,
      encoding: "utf8",
    });
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0); // exited by itself, with its interval and its throttled wake pending
  });
});

describe("stopInOrder", () => {
  it("stops each task after the one before it has stopped", async () => {
    const events: string[] = [];
    const task = (name: string): BackgroundTask => ({
      name,
      start: () => undefined,
      stop: async () => {
        events.push(`${name} stopping`);
        await turn();
        events.push(`${name} stopped`);
      },
    });
    await stopInOrder([task("retries"), task("sweeper"), task("listener")]);
    expect(events).toEqual([
      "retries stopping",
      "retries stopped",
      "sweeper stopping",
      "sweeper stopped",
      "listener stopping",
      "listener stopped",
    ]);
  });
});
