/**
 * The off switch of one proxied request: whoever stops it first (the client leaving, a revocation,
 * shutdown, a timeout) records why and aborts the upstream exchange; later calls change nothing.
 */
import { StopError, type StopReason } from "@/lib/proxy/stop-reason";

export class RequestStopper {
  reason: StopReason | null = null;
  private abortUpstream: ((error: Error) => void) | null = null;
  private readonly listeners: ((reason: StopReason) => void)[] = [];

  stop(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.abortUpstream?.(new StopError(reason));
    for (const listener of this.listeners) listener(reason);
  }

  /** The exchange to abort once the upstream answered. */
  attach(abort: (error: Error) => void): void {
    this.abortUpstream = abort;
    if (this.reason) abort(new StopError(this.reason));
  }

  onStop(listener: (reason: StopReason) => void): void {
    this.listeners.push(listener);
  }
}
