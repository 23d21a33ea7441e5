/**
 * `{{NAME}}` templates of the credential proxy's path form: the caller writes a credential's name
 * where its value goes (a header value, a query value, a JSON string at any depth, a form field, a
 * text body) and the vault substitutes it. Pure.
 */
const TEMPLATE = /\{\{\s*([A-Z][A-Z0-9_]{1,63})\s*\}\}/g;

/** The credential names a text refers to. */
export function templateNames(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((m) => m[1]!);
}

export function resolveTemplates(text: string, valueOf: (name: string) => string): string {
  return text.replace(TEMPLATE, (_m, name: string) => valueOf(name));
}

/** Every string of a JSON value, at any depth (keys included: a template in a key is resolved too). */
export function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      jsonStrings(v, out);
    }
  return out;
}

export function mapJsonStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === "string") return f(value);
  if (Array.isArray(value)) return value.map((v) => mapJsonStrings(v, f));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapJsonStrings(v, f)]));
  return value;
}

/** Sets a dotted path (`auth.token`, `items.0.key`) in a JSON object, creating objects on the way. */
export function setJsonPath(root: Record<string, unknown>, path: string, value: string): void {
  const keys = path.split(".").filter(Boolean);
  let node: Record<string, unknown> = root;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== "object") node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  if (keys.length) node[keys[keys.length - 1]!] = value;
}
