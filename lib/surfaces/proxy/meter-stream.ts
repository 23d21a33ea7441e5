/**
 * A streamed upstream body on its way to the client. Bytes pass through as the provider sent them,
 * cut only at event boundaries of the adapter's framing (an SSE event as soon as its blank line
 * arrives, a JSON array element as soon as it closes), while a copy of each event feeds the
 * provider's usage meter. Two events are touched: the usage-only chunk the vault itself asked for
 * (dropped when the client did not ask), and any event echoing the master key (redacted). Nothing
 * is buffered beyond one unfinished event; backpressure reaches the upstream socket because the
 * body is pulled. When the stream ends early (provider reset or silent, token revoked, shutdown) a
 * client still listening gets the framing's error tail in the provider's format; whatever happens,
 * `finish` runs exactly once with how it ended. The idle timeout counts only the time spent
 * waiting for the provider, never the time a slow client takes to pull.
 */
import type { Readable } from "node:stream";
import type { ProviderAdapter, StreamFraming, StreamSegment, UsageMeter } from "@/lib/engines/providers/types";
import type { ProxyBodyStream } from "@/lib/surfaces/proxy/proxy-types";
import type { Redactor } from "@/lib/surfaces/proxy/redact-key";
import type { RequestStopper } from "@/lib/surfaces/proxy/request-stopper";
import { STOP_ERROR, type StopReason } from "@/lib/surfaces/proxy/stop-reason";
import { idleWatchdog } from "@/lib/surfaces/proxy/upstream-body";

export type MeteredStreamContext = {
  requestId: string;
  body: Readable;
  adapter: ProviderAdapter;
  /** How this response is cut into events (adapter.streamFraming): one per response. */
  framing: StreamFraming;
  meter: UsageMeter;
  dropInjectedUsage: boolean;
  redact: Redactor;
  idleTimeoutMs: number;
  stopper: RequestStopper;
  onFirstByte: () => void;
  /** Called once: null = the upstream ended the stream itself. */
  finish: (stopped: StopReason | null) => Promise<void>;
};

function meterEvent(ctx: MeteredStreamContext, bytes: Buffer): boolean {
  const event = ctx.framing.parse(bytes);
  if (!event) return true;
  let json: unknown;
  if (event.data.charCodeAt(0) === 123 /* { */) {
    try {
      json = JSON.parse(event.data);
    } catch {
      json = undefined;
    }
  }
  ctx.meter.onEvent(event, json);
  return !(ctx.dropInjectedUsage && ctx.adapter.isInjectedUsageEvent(event, json));
}

function forward(ctx: MeteredStreamContext, segments: StreamSegment[]): Buffer | null {
  const out: Buffer[] = [];
  for (const segment of segments) {
    if (segment.complete && !meterEvent(ctx, segment.bytes)) continue;
    if (segment.oversize) ctx.meter.onLostEvent(); // an event too large to parse may have carried usage
    out.push(ctx.redact(segment.bytes));
  }
  if (out.length === 0) return null;
  return out.length === 1 ? out[0]! : Buffer.concat(out);
}

export function meteredStream(ctx: MeteredStreamContext): ProxyBodyStream {
  let started = false;
  async function* run(): AsyncGenerator<Buffer> {
    started = true;
    const watchdog = idleWatchdog(ctx.idleTimeoutMs, () => ctx.stopper.stop("timeout"));
    let ended = false;
    let stopped: StopReason | null = null;
    try {
      for await (const chunk of ctx.body) {
        watchdog.touch();
        const out = forward(ctx, ctx.framing.push(chunk as Buffer));
        if (out) {
          ctx.onFirstByte();
          // Parked here until the client wants more: its backpressure is not the provider's silence.
          watchdog.pause();
          yield out;
          watchdog.resume();
        }
      }
      watchdog.stop();
      const rest = ctx.framing.flush();
      if (rest) {
        meterEvent(ctx, rest.bytes); // a last event without its blank line still counts
        yield ctx.redact(rest.bytes);
      }
      ended = true;
    } catch {
      watchdog.stop();
      stopped = ctx.stopper.reason ?? "upstream_reset";
      if (stopped !== "client_abort") {
        const { code, message } = STOP_ERROR[stopped];
        yield ctx.framing.errorTail({ type: code, message, requestId: ctx.requestId });
      }
    } finally {
      watchdog.stop();
      await ctx.finish(ended ? null : (stopped ?? ctx.stopper.reason ?? "client_abort"));
    }
  }
  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    cancel() {
      ctx.stopper.stop("client_abort");
      void iterator.return(undefined);
      // Never pulled: return() ends the generator without running its body, so its finally would
      // never settle. Finish here instead (a later pull finds the generator done).
      if (!started) {
        started = true;
        void ctx.finish(ctx.stopper.reason ?? "client_abort");
      }
    },
  };
}
