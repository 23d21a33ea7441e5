/**
 * Dotted paths into a JSON request body (`generationConfig.maxOutputTokens`,
 * `extra_body.google.cached_content`): how an adapter says where a provider keeps a field, at any
 * depth. Writing copies every object on the way, so the client's parsed body is never changed.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";

export type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The value at a dotted path (undefined when any step is missing or not an object). */
export function valueAt(body: Body, path: string): unknown {
  let value: unknown = body;
  for (const key of path.split(".")) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * Refuses a body in which a step of `path` holds something other than an object (`generationConfig: 5`):
 * a value written there would replace what the client sent.
 */
export function assertPathWritable(body: Body, path: string): void {
  const keys = path.split(".");
  let value: unknown = body;
  for (let i = 0; i < keys.length - 1; i++) {
    value = (value as Body)[keys[i]!];
    if (value === undefined || value === null) return;
    const at = keys.slice(0, i + 1).join(".");
    if (!isObject(value)) throw new VaultError("invalid_request", `\`${at}\` must be an object.`, { field: at });
  }
}

/** A copy of `body` with `value` at `path`, creating the objects on the way. */
export function withValueAt(body: Body, path: string, value: unknown): Body {
  const [key, ...rest] = path.split(".") as [string, ...string[]];
  if (rest.length === 0) return { ...body, [key]: value };
  const inner = body[key];
  return { ...body, [key]: withValueAt(isObject(inner) ? inner : {}, rest.join("."), value) };
}
