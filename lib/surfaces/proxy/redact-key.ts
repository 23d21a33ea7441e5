/**
 * A last line of defence for upstream bodies that echo the master key (some providers quote it in
 * error messages): the key and its first and last 8 characters are replaced wherever they appear.
 */
const MASK = Buffer.from("[redacted]");

export type Redactor = (bytes: Buffer) => Buffer;

export function keyRedactor(secret: string): Redactor {
  const needles = [secret, ...(secret.length >= 16 ? [secret.slice(0, 8), secret.slice(-8)] : [])]
    .filter((n) => n.length >= 8)
    .map((n) => Buffer.from(n));
  if (needles.length === 0) return (bytes) => bytes;
  return (bytes) => {
    let out = bytes;
    for (const needle of needles) {
      let at = out.indexOf(needle);
      if (at === -1) continue;
      const parts: Buffer[] = [];
      let from = 0;
      while (at !== -1) {
        parts.push(out.subarray(from, at), MASK);
        from = at + needle.length;
        at = out.indexOf(needle, from);
      }
      parts.push(out.subarray(from));
      out = Buffer.concat(parts);
    }
    return out;
  };
}
