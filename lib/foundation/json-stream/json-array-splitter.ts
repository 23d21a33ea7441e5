/**
 * Splits a streamed JSON array (`[{...},\r\n{...}]`, as some APIs stream without SSE) into segments
 * without decoding it: every input byte lands in exactly one segment, in order, so concatenating the
 * segments gives back the input. A segment is one complete element (`complete`) or the bytes around
 * elements (`[`, `,`, `]`, whitespace). Works on any split of the input, including inside a
 * multi-byte character or an escape (structural characters are ASCII, which never occurs inside a
 * multi-byte UTF-8 sequence). Tolerant: a top-level value without the array (a lone error object) is
 * one element too. Imports neither Next.js nor Prisma.
 */

/** `oversize`: part of an element longer than the limit, passed on in pieces (never complete). */
export type JsonArraySegment = { bytes: Buffer; complete: boolean; oversize?: true };

/** What was passed on so far: nothing, an opening `[` or a `,` last, a whole element last, or the closing `]`. */
export type JsonArrayPosition = "start" | "open" | "element" | "closed";

const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

export class JsonArraySplitter {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private inElement = false;
  /** The element is a number / literal: it ends at the next separator, not at a bracket. */
  private bare = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private truncated = false;
  private opened = false;
  private emitted: JsonArrayPosition = "start";

  constructor(private readonly maxElementBytes = 4 * 1024 * 1024) {}

  get position(): JsonArrayPosition {
    return this.emitted;
  }

  push(chunk: Uint8Array): JsonArraySegment[] {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: JsonArraySegment[] = [];
    let start = 0; // first byte not yet in a segment or pending
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (!this.inElement) {
        if (isSpace(b)) continue;
        if (b === OPEN_ARRAY && !this.opened) {
          this.opened = true;
          this.emitted = "open";
          continue;
        }
        if (b === COMMA) {
          this.emitted = "open";
          continue;
        }
        if (b === CLOSE_ARRAY) {
          this.emitted = "closed";
          continue;
        }
        // an element starts: the bytes before it are a segment of their own
        if (i > start) out.push({ bytes: bytes.subarray(start, i), complete: false });
        start = i;
        this.inElement = true;
        this.bare = b !== OPEN_OBJECT && b !== OPEN_ARRAY && b !== QUOTE;
        this.depth = 0;
        if (this.bare) continue;
      } else if (this.bare) {
        if (!isSpace(b) && b !== COMMA && b !== CLOSE_ARRAY) continue;
        out.push(this.element(bytes.subarray(start, i)));
        start = i;
        i--; // the separator is read again, outside the element
        continue;
      }
      if (!this.scan(b)) continue;
      out.push(this.element(bytes.subarray(start, i + 1)));
      start = i + 1;
    }
    if (start < bytes.length) {
      if (!this.inElement) out.push({ bytes: bytes.subarray(start), complete: false });
      else {
        this.pending.push(bytes.subarray(start));
        this.pendingLength += bytes.length - start;
        if (this.pendingLength > this.maxElementBytes) {
          out.push({ bytes: this.take(Buffer.alloc(0)), complete: false, oversize: true });
          this.truncated = true;
        }
      }
    }
    return out;
  }

  /** Whatever is left at the end of the stream (an unfinished element). */
  flush(): JsonArraySegment | null {
    if (this.pendingLength === 0) return null;
    const rest: JsonArraySegment = {
      bytes: this.take(Buffer.alloc(0)),
      complete: false,
      ...(this.truncated ? { oversize: true as const } : {}),
    };
    this.truncated = false;
    return rest;
  }

  /** One byte of a string, object or array element; true when it ends the element. */
  private scan(b: number): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) {
        this.inString = false;
        return this.depth === 0;
      }
      return false;
    }
    if (b === QUOTE) this.inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) this.depth++;
    else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) return --this.depth === 0;
    return false;
  }

  private element(tail: Buffer): JsonArraySegment {
    const bytes = this.take(tail);
    const segment: JsonArraySegment = this.truncated ? { bytes, complete: false, oversize: true } : { bytes, complete: true };
    this.inElement = false;
    this.truncated = false;
    this.emitted = "element";
    return segment;
  }

  private take(tail: Buffer): Buffer {
    if (this.pendingLength === 0) return tail;
    const all = Buffer.concat([...this.pending, tail], this.pendingLength + tail.length);
    this.pending = [];
    this.pendingLength = 0;
    return all;
  }
}
