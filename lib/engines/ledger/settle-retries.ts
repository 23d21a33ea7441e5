/**
 * Settlements that could not be written (the database was down or restarting when the request
 * ended) are retried in the background until they land, so an outage of a few seconds leaves no
 * hold open and charges the real cost instead of the full reservation. Until then the money stays
 * held, which only makes the cap stricter. A retry that finds the hold already swept changes
 * nothing (the sweeper charged the reservation). Retries stop after GIVE_UP_MS or at shutdown (one
 * last attempt: settleRetries().stop()); either way the sweeper of any instance settles what is left
 * at its reservation.
 */
import { log } from "@/lib/foundation/log";
import type { LedgerStore, SettleInput } from "@/lib/engines/ledger/ledger-store";
import { ZERO_USAGE } from "@/lib/engines/providers/types";
import type { BackgroundTask } from "@/lib/foundation/runtime/background-loop";
import { singleton } from "@/lib/foundation/runtime/singleton";

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;
const GIVE_UP_MS = 3_600_000;
const MAX_PENDING = 10_000;

/** untilMs: a compensation, retried until its hold shows up and is settled, or until then (see releaseUnknownAdmission). */
type Pending = { store: LedgerStore; input: SettleInput; since: number; untilMs?: number };
type Queue = {
  pending: Map<string, Pending>;
  timer: NodeJS.Timeout | null;
  delayMs: number;
  running: Promise<void> | null;
  stopped: boolean;
};

function queue(): Queue {
  return singleton<Queue>("settle-retries", () => ({
    pending: new Map(),
    timer: null,
    delayMs: FIRST_DELAY_MS,
    running: null,
    stopped: false,
  }));
}

/** One pass over every pending settlement; resolves when it is done. */
export function retrySettlementsNow(): Promise<void> {
  const q = queue();
  q.running ??= (async () => {
    for (const [id, p] of q.pending)
      if (Date.now() - p.since > GIVE_UP_MS || (p.untilMs !== undefined && Date.now() > p.untilMs)) q.pending.delete(id);
    if (q.pending.size === 0) return;
    for (const [id, p] of q.pending) {
      try {
        const settled = await p.store.settle(p.input);
        if (settled === null && p.untilMs !== undefined) continue; // not there (yet): an admission that may still commit
        q.pending.delete(id);
      } catch {
        // Still failing: the next pass starts with the others (one bad entry never blocks the rest),
        // and this pass ends here (the database is likely still away; no waiting on each entry).
        q.pending.delete(id);
        q.pending.set(id, p);
        return;
      }
    }
    log.info("delayed settlements written; nothing is held for them any more");
  })().finally(() => (q.running = null));
  return q.running;
}

function schedule(q: Queue): void {
  if (q.timer || q.stopped || q.pending.size === 0) return;
  q.timer = setTimeout(() => {
    q.timer = null;
    void retrySettlementsNow().then(() => {
      q.delayMs = q.pending.size === 0 ? FIRST_DELAY_MS : Math.min(q.delayMs * 2, MAX_DELAY_MS);
      schedule(q);
    });
  }, q.delayMs);
  q.timer.unref();
}

export function retrySettlementLater(store: LedgerStore, input: SettleInput, error: unknown): void {
  const q = queue();
  if (q.pending.size >= MAX_PENDING) {
    log.error("too many settlements waiting for the database; this hold is left to the sweeper", { request_id: input.holdId, err: error });
    return;
  }
  if (q.pending.size === 0) log.warn("could not settle a request; retrying in the background", { request_id: input.holdId, err: error });
  q.pending.set(input.holdId, { store, input, since: Date.now() });
  schedule(q);
}

/**
 * An admission whose outcome is unknown (the database timed out or went away mid-statement: a
 * PostgreSQL that was frozen may still run and commit it when it thaws) is released at 0: the
 * request was refused and never sent, so a hold that shows up for it must not reserve, nor be swept
 * at, its full amount. Retried until the hold shows up and is settled, or until its expiry.
 */
/**
 * Whether a failed admission may still have committed: the client gave up waiting (node-postgres'
 * query timeout) or the connection broke mid-statement. A refused connection, a busy SQLite file or
 * a server-side statement timeout roll back for certain.
 */
export function admissionMayHaveCommitted(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /query read timeout|connection terminated|ECONNRESET|EPIPE/i.test(message) && !/statement timeout/i.test(message);
}

export function releaseUnknownAdmission(store: LedgerStore, holdId: string, expiresAtMs: number, nowMs = Date.now()): void {
  const q = queue();
  if (q.pending.size >= MAX_PENDING || q.pending.has(holdId)) return; // the sweeper settles it at its expiry
  const input: SettleInput = {
    holdId,
    costMicros: 0n,
    nowMs,
    status: 503,
    outcome: "not_sent",
    model: null,
    usage: ZERO_USAGE,
    estimated: false,
    latencyMs: 0,
    ttfbMs: null,
  };
  q.pending.set(holdId, { store, input, since: nowMs, untilMs: expiresAtMs });
  schedule(q);
}

/** The retries as a background task: stop() makes one last attempt and retries no more (shutdown). */
export function settleRetries(): BackgroundTask {
  return {
    name: "settle-retries",
    start() {
      const q = queue();
      q.stopped = false;
      schedule(q);
    },
    async stop() {
      const q = queue();
      q.stopped = true;
      if (q.timer) clearTimeout(q.timer);
      q.timer = null;
      await retrySettlementsNow();
      if (q.pending.size > 0)
        log.warn("settlements still waiting for the database; the sweeper settles them at their reservation", { holds: q.pending.size });
    },
  };
}

/** How many settlements still wait for the database. */
export function pendingSettlements(): number {
  return queue().pending.size;
}
