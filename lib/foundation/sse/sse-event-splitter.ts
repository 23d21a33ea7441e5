/**
 * Splits a byte stream of Server-Sent Events into segments without decoding it: every input byte
 * lands in exactly one segment, in order, so concatenating the segments gives back the input. A
 * segment is either one complete event (its lines and the blank line that ends it) or stray bytes
 * between events (the "\n" of a CRLF blank line that arrived in the next chunk). Works on any split
 * of the input, including inside a multi-byte character or between the "\r" and "\n" of a CRLF.
 * Imports neither Next.js nor Prisma.
 */

const LF = 0x0a;
const CR = 0x0d;

/**
 * `complete`: one whole event. `oversize`: part of an event longer than the limit, passed on in
 * pieces (never complete, so never parsed): whoever meters the stream has lost that event.
 */
export type SseSegment = { bytes: Buffer; complete: boolean; oversize?: true };

export class SseEventSplitter {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** At the start of a line (after a line ending, or at the very beginning). */
  private atLineStart = true;
  /** The previous byte was a CR that ended a line: a following LF belongs to the same line ending. */
  private afterCr = false;
  /** The previous byte was the CR of a blank line that already closed an event. */
  private afterEventCr = false;
  /** The current event outgrew the limit: its pieces (up to its blank line) are oversize. */
  private truncated = false;

  constructor(private readonly maxEventBytes = 4 * 1024 * 1024) {}

  /** The complete events (and stray bytes) in this chunk; an unfinished event is kept for later. */
  push(chunk: Uint8Array): SseSegment[] {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: SseSegment[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.afterEventCr) {
        this.afterEventCr = false;
        if (b === LF) {
          // the LF of a CRLF blank line whose event was already emitted
          if (i > start) throw new Error("unreachable: stray LF after data");
          out.push({ bytes: bytes.subarray(i, i + 1), complete: false });
          start = i + 1;
          continue;
        }
      }
      if (b === LF && this.afterCr) {
        this.afterCr = false;
        continue; // second half of a CRLF line ending
      }
      this.afterCr = false;
      if (b !== LF && b !== CR) {
        this.atLineStart = false;
        continue;
      }
      if (!this.atLineStart) {
        this.atLineStart = true;
        this.afterCr = b === CR;
        continue;
      }
      // a blank line: the event ends after this line ending
      let end = i + 1;
      if (b === CR) {
        if (end < bytes.length && bytes[end] === LF) end++;
        else if (end === bytes.length) this.afterEventCr = true;
      }
      const event = this.take(bytes.subarray(start, end));
      out.push(this.truncated ? { bytes: event, complete: false, oversize: true } : { bytes: event, complete: true });
      this.truncated = false;
      start = end;
      i = end - 1;
    }
    if (start < bytes.length) {
      this.pending.push(bytes.subarray(start));
      this.pendingLength += bytes.length - start;
      // A runaway "event" without a blank line: pass it on rather than hold unbounded memory.
      if (this.pendingLength > this.maxEventBytes) {
        out.push({ bytes: this.take(Buffer.alloc(0)), complete: false, oversize: true });
        this.truncated = true;
      }
    }
    return out;
  }

  /** Whatever is left at the end of the stream (an event without its blank line). */
  flush(): SseSegment | null {
    if (this.pendingLength === 0) return null;
    const rest: SseSegment = { bytes: this.take(Buffer.alloc(0)), complete: false, ...(this.truncated ? { oversize: true as const } : {}) };
    this.truncated = false;
    return rest;
  }

  private take(tail: Buffer): Buffer {
    if (this.pendingLength === 0) return tail;
    const all = Buffer.concat([...this.pending, tail], this.pendingLength + tail.length);
    this.pending = [];
    this.pendingLength = 0;
    return all;
  }
}
