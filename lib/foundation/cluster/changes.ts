/**
 * What instances tell each other (PostgreSQL NOTIFY on CHANGE_CHANNEL, see change-listener.ts):
 * a grant changed (its cached tokens must go), every grant changed (a provider key was replaced),
 * an access request was decided (its waiters should look now instead of at their next poll), or
 * the owner changed an upstream URL or a price (the cached settings must be read again).
 * Payloads are short text: `grant:<id>`, `grants:*`, `request:<id>`, `upstreams:*`, `prices:*`.
 */
export const CHANGE_CHANNEL = "okap_vault_changes";

export type Change = { kind: "grant"; id: string } | { kind: "request"; id: string } | { kind: "grants" | "upstreams" | "prices" };

const WHOLE = ["grants", "upstreams", "prices"] as const;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function encodeChange(change: Change): string {
  return "id" in change ? `${change.kind}:${change.id}` : `${change.kind}:*`;
}

export function decodeChange(payload: string): Change | null {
  const colon = payload.indexOf(":");
  const kind = payload.slice(0, colon);
  const id = payload.slice(colon + 1);
  const whole = WHOLE.find((k) => k === kind);
  if (whole) return id === "*" ? { kind: whole } : null;
  if (!ID.test(id)) return null;
  if (kind === "grant" || kind === "request") return { kind, id };
  return null;
}
