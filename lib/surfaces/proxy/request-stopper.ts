/**
 * The off switch of one proxied request: whoever stops it first (the client leaving, a revocation,
 * shutdown, a timeout) records why, fires `signal` (the body read and the upstream call listen to
 * it) and aborts the upstream exchange once there is one; later calls change nothing.
 */
import { StopError, type StopReason } from "@/lib/surfaces/proxy/stop-reason";

export class RequestStopper {
  reason: StopReason | null = null;
  private readonly controller = new AbortController();
  /** Aborted, with a StopError, when the request is stopped. */
  readonly signal: AbortSignal = this.controller.signal;
  private abortUpstream: ((error: Error) => void) | null = null;

  stop(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    const error = new StopError(reason);
    this.abortUpstream?.(error);
    this.controller.abort(error);
  }

  /** The exchange to abort once the upstream answered. */
  attach(abort: (error: Error) => void): void {
    this.abortUpstream = abort;
    if (this.reason) abort(new StopError(this.reason));
  }
}
