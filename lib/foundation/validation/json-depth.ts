/**
 * How deeply a JSON text nests, measured on its bytes without parsing it (one pass, no recursion).
 * A body nested thousands of levels deep parses, but every recursive walk over it afterwards
 * (re-serialising it, reading its facts) overflows the stack: such a body is refused before.
 */
export const MAX_JSON_DEPTH = 256;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const BRACE = 0x7b;
const BRACKET = 0x5b;
const BRACE_CLOSE = 0x7d;
const BRACKET_CLOSE = 0x5d;

/** Fewer opening brackets than the limit cannot nest past it (native indexOf: the common case costs little). */
function fewOpeners(bytes: Buffer, max: number): boolean {
  let count = 0;
  for (const opener of [BRACE, BRACKET]) {
    for (let at = bytes.indexOf(opener); at !== -1; at = bytes.indexOf(opener, at + 1)) if (++count > max) return false;
  }
  return true;
}

export function jsonDepthExceeds(bytes: Buffer, max = MAX_JSON_DEPTH): boolean {
  if (fewOpeners(bytes, max)) return false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (b === BACKSLASH) escaped = true;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === BRACE || b === BRACKET) {
      if (++depth > max) return true;
    } else if (b === BRACE_CLOSE || b === BRACKET_CLOSE) depth--;
  }
  return false;
}
