/**
 * Redaction of injected secrets from what an upstream answers: every value, and its JSON-escaped
 * (also with `\/`, and with every non-ASCII character as `\uXXXX`), base64, base64url,
 * percent-encoded (either hex case) and hex forms, is replaced by [REDACTED] in header
 * values and in bodies. Bodies stream through a Redactor that keeps the last (longest needle - 1)
 * bytes back, so a value split across chunks is still caught. Pure.
 */
export const REDACTED = "[REDACTED]";
const REDACTED_BYTES = Buffer.from(REDACTED);
/** Shorter values are not searched in their encoded forms (they would match by accident). */
const MIN_ENCODED = 6;

/** Every form of these values worth searching for, longest first, without duplicates. */
export function redactionNeedles(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (v.length === 0) continue;
    out.add(v);
    const json = JSON.stringify(v).slice(1, -1); // as a JSON string value carries it: \" \\ \n ...
    out.add(json);
    out.add(json.replace(/\//g, "\\/"));
    out.add(json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
    if (v.length < MIN_ENCODED) continue;
    const bytes = Buffer.from(v, "utf8");
    const b64 = bytes.toString("base64");
    out.add(b64);
    out.add(b64.replace(/=+$/, ""));
    out.add(bytes.toString("base64url"));
    const pct = encodeURIComponent(v);
    if (pct !== v) {
      out.add(pct);
      out.add(pct.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
    }
    const hex = bytes.toString("hex");
    out.add(hex);
    out.add(hex.toUpperCase());
  }
  return [...out].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
}

/** Replaces every needle in a string; returns the text and whether anything was replaced. */
export function redactText(text: string, needles: readonly string[]): { text: string; redacted: boolean } {
  let out = text;
  for (const n of needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
  return { text: out, redacted: out !== text };
}

function replaceAll(buf: Buffer, needles: readonly Buffer[]): { out: Buffer; hits: number } {
  const parts: Buffer[] = [];
  let pos = 0;
  let hits = 0;
  for (;;) {
    let at = -1;
    let len = 0;
    for (const n of needles) {
      const i = buf.indexOf(n, pos);
      if (i !== -1 && (at === -1 || i < at || (i === at && n.length > len))) {
        at = i;
        len = n.length;
      }
    }
    if (at === -1) break;
    parts.push(buf.subarray(pos, at), REDACTED_BYTES);
    pos = at + len;
    hits++;
  }
  if (hits === 0) return { out: buf, hits };
  parts.push(buf.subarray(pos));
  return { out: Buffer.concat(parts), hits };
}

/** A streaming redactor: push chunks in, take what is safe to send, flush at the end. */
export class Redactor {
  private readonly needles: Buffer[];
  private readonly keep: number;
  private tail = Buffer.alloc(0);
  redacted = false;

  constructor(needles: readonly string[]) {
    this.needles = needles.map((n) => Buffer.from(n, "utf8"));
    this.keep = Math.max(0, ...this.needles.map((n) => n.length)) - 1;
  }

  push(chunk: Buffer): Buffer {
    if (this.needles.length === 0) return chunk;
    const { out, hits } = replaceAll(Buffer.concat([this.tail, chunk]), this.needles);
    if (hits) this.redacted = true;
    const cut = Math.max(0, out.length - this.keep);
    this.tail = Buffer.from(out.subarray(cut));
    return out.subarray(0, cut);
  }

  flush(): Buffer {
    const rest = this.tail;
    this.tail = Buffer.alloc(0);
    return rest;
  }
}

/** Redacts a whole body at once (bodies small enough to scan before the headers go out). */
export function redactBuffer(body: Buffer, needles: readonly string[]): { body: Buffer; redacted: boolean } {
  const { out, hits } = replaceAll(
    body,
    needles.map((n) => Buffer.from(n, "utf8")),
  );
  return { body: out, redacted: hits > 0 };
}
