/**
 * The proxied requests in flight in this process, each from the first line of handleProxyRequest
 * to its end (a refusal, or the settlement of an admitted request). What the registry is for:
 * - revocation: while any are admitted, a loop re-reads their tokens every LIVE_CHECK_MS and stops
 *   those revoked, paused or expired, so a running stream of a revoked token is cut (and settled)
 *   within a second on every instance; a grant change announced by lib/foundation/cluster wakes it at once;
 * - holds: a hold expires HOLD_SLACK_MS after the longest request time (hold-lifetime.ts), but a
 *   stream has no overall deadline. A second loop, on the same period, renews for another lifetime
 *   the holds of admitted requests that came within HOLD_SLACK_MS of their expiry (requests older
 *   than the longest request time), all of them in one statement, so no sweeper takes the hold of a
 *   request that is still running. A crashed instance renews nothing: its holds expire as before;
 * - shutdown: the drain waits for every request, including those still reading their body or
 *   waiting in admission when the signal came, and stops what is left at the deadline.
 */
import { onChange } from "@/lib/foundation/cluster/apply-change";
import { log } from "@/lib/foundation/log";
import { RequestStopper } from "@/lib/surfaces/proxy/request-stopper";
import type { LedgerStore } from "@/lib/engines/ledger/ledger-store";
import { backgroundLoop, type BackgroundLoop } from "@/lib/foundation/runtime/background-loop";
import { singleton } from "@/lib/foundation/runtime/singleton";
import { HOLD_SLACK_MS } from "@/lib/engines/ledger/hold-lifetime";

export const LIVE_CHECK_MS = 400;
/** After the deadline: how long stopped requests get to settle before the process closes anyway. */
export const STOPPED_SETTLE_MS = 5_000;

type Hold = { id: string; expiresAtMs: number; lifetimeMs: number };

type Registry = {
  live: Set<LiveRequest>;
  /** Resolved when `live` becomes empty (drain). */
  idle: Set<() => void>;
  renewFailing: boolean;
  draining: boolean;
  store: LedgerStore | null;
  /** Run while any request is admitted (started at an admission, stopped when the last request ends). */
  checks: BackgroundLoop;
  renewals: BackgroundLoop;
};

function registry(): Registry {
  return singleton<Registry>("live-requests", () => ({
    live: new Set(),
    idle: new Set(),
    renewFailing: false,
    draining: false,
    store: null,
    checks: backgroundLoop({ name: "live-token-checks", intervalMs: LIVE_CHECK_MS, round: checkTokens }),
    renewals: backgroundLoop({ name: "live-hold-renewals", intervalMs: LIVE_CHECK_MS, round: renewHolds }),
  }));
}

/** One proxied request while it is in flight: its off switch, and once admitted its token and hold. */
export class LiveRequest {
  readonly stopper = new RequestStopper();
  tokenId: string | null = null;
  hold: Hold | null = null;
  private ended = false;

  /** Admitted (its hold is in the database): its token is re-checked and its hold renewed while it lives. */
  admitted(store: LedgerStore, tokenId: string, hold: Hold): void {
    const reg = registry();
    this.tokenId = tokenId;
    this.hold = hold;
    reg.store = store;
    reg.checks.start();
    reg.renewals.start();
  }

  /** Refused, or settled. Later calls change nothing. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const reg = registry();
    reg.live.delete(this);
    if (reg.live.size > 0) return;
    void reg.checks.stop();
    void reg.renewals.stop();
    for (const wake of reg.idle) wake();
    reg.idle.clear();
  }
}

/** Counts a request from its first line; the caller ends it (refusal) or its settlement does. */
export function beginLiveRequest(): LiveRequest {
  const request = new LiveRequest();
  registry().live.add(request);
  return request;
}

async function checkTokens(): Promise<void> {
  const reg = registry();
  const store = reg.store;
  const admitted = [...reg.live].filter((l) => l.tokenId !== null);
  if (!store || admitted.length === 0) return;
  try {
    const states = await store.tokenStates([...new Set(admitted.map((l) => l.tokenId!))]);
    const now = Date.now();
    for (const l of admitted) {
      const state = states.get(l.tokenId!);
      if (!state || state.revoked || state.status !== "active") l.stopper.stop("revoked");
      else if (state.expiresAtMs <= now) l.stopper.stop("expired");
    }
  } catch (error) {
    log.warn("could not re-check tokens of live requests", { err: error });
  }
}

/** One UPDATE for every live hold within HOLD_SLACK_MS of its expiry; nothing while none is. */
async function renewHolds(): Promise<void> {
  const reg = registry();
  const store = reg.store;
  if (!store) return;
  const now = Date.now();
  const due: Hold[] = [];
  let lifetimeMs = 0;
  for (const l of reg.live) {
    if (!l.hold || l.hold.expiresAtMs - now > HOLD_SLACK_MS) continue;
    due.push(l.hold);
    lifetimeMs = Math.max(lifetimeMs, l.hold.lifetimeMs);
  }
  if (due.length === 0) return;
  const expiresAtMs = now + lifetimeMs;
  try {
    await store.renewHolds(
      due.map((h) => h.id),
      expiresAtMs,
    );
    for (const h of due) h.expiresAtMs = expiresAtMs;
    if (reg.renewFailing) log.info("holds of live requests renewed again", { holds: due.length });
    reg.renewFailing = false;
  } catch (error) {
    // Retried on the next tick; the slack leaves a minute for the database to come back.
    if (!reg.renewFailing) log.warn("could not renew the holds of live requests; retrying", { holds: due.length, err: error });
    reg.renewFailing = true;
  }
}

/** Re-checks the live requests' tokens now (a grant changed), instead of at the next tick. */
export function recheckLiveRequests(): void {
  registry().checks.wake(); // a no-op while none is admitted
}

export function isDraining(): boolean {
  return registry().draining;
}

/** True once no request is live, false after timeoutMs. */
function allEnded(timeoutMs: number): Promise<boolean> {
  const reg = registry();
  if (reg.live.size === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      reg.idle.delete(wake);
      resolve(false);
    }, timeoutMs);
    timer.unref();
    reg.idle.add(wake);
  });
}

/**
 * Stops taking new proxied requests, lets every request in flight (admitted or not yet) run until
 * the deadline, then stops the rest (reason `shutdown`) and waits until they are settled (at most
 * stoppedSettleMs more). Returns how many were in flight at the signal, how many were stopped, and
 * how many had still not ended (their holds are left to the sweeper).
 */
export async function drainLiveRequests(
  graceMs: number,
  stoppedSettleMs = STOPPED_SETTLE_MS,
): Promise<{ live: number; stopped: number; unfinished: number }> {
  const reg = registry();
  reg.draining = true;
  const live = reg.live.size;
  if (await allEnded(graceMs)) return { live, stopped: 0, unfinished: 0 };
  const left = [...reg.live];
  for (const l of left) l.stopper.stop("shutdown");
  await allEnded(stoppedSettleMs);
  return { live, stopped: left.length, unfinished: reg.live.size };
}

/** A grant changed (revoked, paused, expiry moved): running requests re-check their tokens now. */
onChange("live-requests", ["grant", "grants"], () => recheckLiveRequests());
