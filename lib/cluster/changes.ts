/**
 * What instances tell each other (PostgreSQL NOTIFY on CHANGE_CHANNEL, see change-listener.ts):
 * a grant changed (its cached tokens must go), every grant changed (a provider key was replaced),
 * or an access request was decided (its waiters should look now instead of at their next poll).
 * Payloads are short text: `grant:<id>`, `grants:*`, `request:<id>`.
 */
export const CHANGE_CHANNEL = "okap_vault_changes";

export type Change = { kind: "grant"; id: string } | { kind: "grants" } | { kind: "request"; id: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function encodeChange(change: Change): string {
  return change.kind === "grants" ? "grants:*" : `${change.kind}:${change.id}`;
}

export function decodeChange(payload: string): Change | null {
  if (payload === "grants:*") return { kind: "grants" };
  const colon = payload.indexOf(":");
  const kind = payload.slice(0, colon);
  const id = payload.slice(colon + 1);
  if (!ID.test(id)) return null;
  if (kind === "grant" || kind === "request") return { kind, id };
  return null;
}
