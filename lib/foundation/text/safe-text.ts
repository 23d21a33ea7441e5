import { z } from "zod";

/** C0/C1 controls (tab and newline allowed separately), bidi overrides/isolates, zero-width characters. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

export function hasUnsafeCharacters(value: string, { allowNewlines = false } = {}): boolean {
  if (CONTROL.test(value) || INVISIBLE.test(value)) return true;
  return !allowNewlines && /[\t\r\n]/.test(value);
}

/** A short single-line name: trimmed, no control, bidi or zero-width characters. */
export function safeName(field: string, max: number) {
  return z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, `${field} is required`)
    .max(max, `${field} must be at most ${max} characters`)
    .refine((v) => !hasUnsafeCharacters(v), `${field} contains control, bidirectional or invisible characters`);
}
