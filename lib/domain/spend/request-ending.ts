/**
 * The ways an admitted request (its hold is in the database) can end, as far as its money and its
 * usage event are concerned. The proxy says which one happened; what each is charged is decided in
 * one place (charge-for.ts), and what the usage event records (status, outcome, time to first byte)
 * here. Each case carries only what it knows: nothing was metered before an answer, so the cases
 * before one carry no meter.
 */
import type { MeterResult } from "@/lib/engines/providers/types";

/** Why a request was stopped before its provider finished. */
export type StopReason = "client_abort" | "revoked" | "expired" | "shutdown" | "timeout" | "upstream_reset";

export type RequestEnding =
  /** Nothing reached the provider: stopped before it was sent (client gone, revoked, shutdown while being admitted), or no connection. */
  | { kind: "not_sent"; reason: StopReason }
  /** Sent, but no answer came: the provider timed out or reset, or the request was stopped while waiting for its status line. */
  | { kind: "no_answer"; reason: StopReason }
  /** The provider rejected the vault's key (401/403) or redirected (3xx); its body was discarded. */
  | { kind: "refused"; status: number; ttfbMs: number }
  /** The provider answered an error status and its body was read to the end. */
  | { kind: "upstream_error"; status: number; meter: MeterResult; ttfbMs: number }
  /** The answer arrived whole: a body read to the end, or a stream the provider ended itself. */
  | { kind: "completed"; status: number; meter: MeterResult; ttfbMs: number | null }
  /** The answer had begun and was cut: client gone, revoked, shutdown, the provider idle or reset. */
  | { kind: "cut"; status: number; reason: StopReason; meter: MeterResult; ttfbMs: number | null };

export type EndingKind = RequestEnding["kind"];

/** A meter that saw nothing (the answer never came, or its body was cut before it was read). */
export const NOTHING_METERED: MeterResult = Object.freeze({
  usage: null,
  complete: false,
  failed: false,
  outputChars: 0,
  sawReasoning: false,
  lostEvents: false,
});

/** The usage event's outcome for a request stopped for this reason. */
export const STOP_OUTCOME: Record<StopReason, string> = {
  client_abort: "client_abort",
  revoked: "revoked",
  expired: "revoked",
  shutdown: "shutdown",
  timeout: "timeout",
  upstream_reset: "upstream_error",
};

/** What the usage event records of how the request ended. */
export type EndingRecord = { status: number; outcome: string; ttfbMs: number | null };

export function recordOf(ending: RequestEnding): EndingRecord {
  switch (ending.kind) {
    case "not_sent":
    case "no_answer":
      return { status: 0, outcome: STOP_OUTCOME[ending.reason], ttfbMs: null };
    case "refused":
    case "upstream_error":
      return { status: ending.status, outcome: "upstream_error", ttfbMs: ending.ttfbMs };
    case "completed":
      return { status: ending.status, outcome: ending.meter.failed ? "upstream_error" : "ok", ttfbMs: ending.ttfbMs };
    case "cut":
      return { status: ending.status, outcome: STOP_OUTCOME[ending.reason], ttfbMs: ending.ttfbMs };
    default:
      return unreachable(ending);
  }
}

/** Compile-time exhaustiveness: a new kind of ending that is not handled does not type-check. */
export function unreachable(ending: never): never {
  throw new Error(`unhandled request ending: ${JSON.stringify(ending)}`);
}
