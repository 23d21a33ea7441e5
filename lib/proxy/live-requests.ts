/**
 * The proxied requests in flight in this process (admitted, not yet settled). While any exist, a
 * watcher re-reads their tokens every LIVE_CHECK_MS and stops those revoked, paused or expired, so
 * a running stream of a revoked token is cut (and settled) within a second on every instance; a
 * grant change announced by lib/cluster triggers the same check at once.
 * Shutdown uses the same registry to drain: wait for live requests, then stop the rest.
 */
import { log } from "@/lib/log";
import type { RequestStopper } from "@/lib/proxy/request-stopper";
import type { ProxyStore } from "@/lib/proxy/store/proxy-store";
import { singleton } from "@/lib/runtime/singleton";

export const LIVE_CHECK_MS = 400;

type Live = { tokenId: string; stopper: RequestStopper; settled: Promise<void> };
type Registry = { live: Set<Live>; timer: NodeJS.Timeout | null; checking: boolean; draining: boolean; store: ProxyStore | null };

function registry(): Registry {
  return singleton<Registry>("live-requests", () => ({ live: new Set(), timer: null, checking: false, draining: false, store: null }));
}

async function checkTokens(store: ProxyStore): Promise<void> {
  const reg = registry();
  if (reg.checking || reg.live.size === 0) return;
  reg.checking = true;
  try {
    const ids = [...new Set([...reg.live].map((l) => l.tokenId))];
    const states = await store.tokenStates(ids);
    const now = Date.now();
    for (const l of reg.live) {
      const state = states.get(l.tokenId);
      if (!state || state.revoked || state.status !== "active") l.stopper.stop("revoked");
      else if (state.expiresAtMs <= now) l.stopper.stop("expired");
    }
  } catch (error) {
    log.warn("could not re-check tokens of live requests", { err: error });
  } finally {
    reg.checking = false;
  }
}

/** Registers a request until `settled` resolves. */
export function trackLiveRequest(store: ProxyStore, tokenId: string, stopper: RequestStopper, settled: Promise<void>): void {
  const reg = registry();
  const entry: Live = { tokenId, stopper, settled };
  reg.live.add(entry);
  reg.store = store;
  if (!reg.timer) {
    reg.timer = setInterval(() => void checkTokens(store), LIVE_CHECK_MS);
    reg.timer.unref();
  }
  void settled.finally(() => {
    reg.live.delete(entry);
    if (reg.live.size === 0 && reg.timer) {
      clearInterval(reg.timer);
      reg.timer = null;
    }
  });
}

/** Re-checks the live requests' tokens now (a grant changed), instead of at the next tick. */
export function recheckLiveRequests(): void {
  const reg = registry();
  if (reg.store && reg.live.size > 0) void checkTokens(reg.store);
}

export function isDraining(): boolean {
  return registry().draining;
}

/**
 * Stops taking new proxied requests, lets live ones run until the deadline, then stops the rest
 * and waits until every one of them is settled.
 */
export async function drainLiveRequests(graceMs: number): Promise<{ finished: number; stopped: number }> {
  const reg = registry();
  reg.draining = true;
  const all = [...reg.live];
  const settledAll = Promise.allSettled(all.map((l) => l.settled));
  const timedOut = await Promise.race([settledAll.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
  let stopped = 0;
  if (timedOut) {
    for (const l of reg.live) {
      stopped++;
      l.stopper.stop("shutdown");
    }
    await Promise.allSettled([...reg.live].map((l) => l.settled));
  }
  return { finished: all.length - stopped, stopped };
}
