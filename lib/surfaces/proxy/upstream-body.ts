/**
 * The upstream body as plain bytes: gzip / deflate / br decoded (the client then gets it without
 * Content-Encoding), and an idle watchdog that aborts the exchange when the provider goes silent
 * (only while the vault waits for it: not while a slow client holds the stream back).
 */
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { StopReason } from "@/lib/surfaces/proxy/stop-reason";

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  if (encoding === "gzip" || encoding === "x-gzip") return zlib.createGunzip();
  if (encoding === "deflate") return zlib.createInflate();
  if (encoding === "br") return zlib.createBrotliDecompress();
  return null;
}

export function decodedBody(response: IncomingMessage): Readable {
  const decoder = decoderFor(
    String(response.headers["content-encoding"] ?? "identity")
      .toLowerCase()
      .trim(),
  );
  if (!decoder) return response;
  response.on("error", (error) => decoder.destroy(error));
  response.on("aborted", () => decoder.destroy(new Error("aborted")));
  decoder.on("close", () => response.destroy());
  return response.pipe(decoder);
}

export type IdleWatchdog = {
  /** Data arrived: the silence starts again. */
  touch: () => void;
  /** The consumer stopped pulling (backpressure): silence from now on is not the provider's. */
  pause: () => void;
  /** The consumer pulls again: the silence starts again. */
  resume: () => void;
  stop: () => void;
};

/**
 * Calls onIdle once when the provider stayed silent for ms milliseconds while the vault was waiting
 * for it. While paused the timer still runs (no timer churn per chunk) but re-arms instead of firing.
 */
export function idleWatchdog(ms: number, onIdle: () => void): IdleWatchdog {
  let paused = false;
  const timer = setTimeout(function fire() {
    if (paused) timer.refresh();
    else onIdle();
  }, ms);
  return {
    touch() {
      timer.refresh();
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      timer.refresh();
    },
    stop() {
      clearTimeout(timer);
    },
  };
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Reads a whole (non-streamed) upstream body; stops the request when the provider goes silent. */
export async function readWholeBody(body: Readable, idleMs: number, stop: (reason: StopReason) => void): Promise<Buffer> {
  const watchdog = idleWatchdog(idleMs, () => stop("timeout"));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      watchdog.touch();
      size += (chunk as Buffer).length;
      if (size > MAX_RESPONSE_BYTES) throw new VaultError("upstream_error", "The provider's response is too large to pass through.");
      chunks.push(chunk as Buffer);
    }
  } finally {
    watchdog.stop();
  }
  return Buffer.concat(chunks, size);
}
