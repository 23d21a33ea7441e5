/**
 * Token -> grant lookups through a short in-process cache. Two things keep it fresh:
 * - invalidation: a grant change anywhere (this instance, another instance, the CLI) reaches
 *   `dropCachedGrant` through PostgreSQL LISTEN/NOTIFY (lib/foundation/cluster), usually within milliseconds;
 * - the TTL, the safety net: an entry lives GRANT_CACHE_TTL_MS, so even a change nobody announced
 *   (a listener reconnecting, a hand-written UPDATE) reaches every instance's new requests within
 *   that time. On SQLite (one process) the TTL and the local drop are all there is.
 * Unknown tokens are cached too, so a flood of well-formed fakes costs one query per token per TTL.
 * A lookup in flight when an invalidation arrives may have read the old row: its result is returned
 * to the requests already waiting for it but never stored.
 */
import type { GrantRecord, LedgerStore } from "@/lib/engines/ledger/ledger-store";
import { onChange } from "@/lib/foundation/cluster/apply-change";
import { ttlCache } from "@/lib/foundation/runtime/ttl-cache";

export const GRANT_CACHE_TTL_MS = 500;

const grants = ttlCache<string, GrantRecord | null>("grant-cache", { ttlMs: GRANT_CACHE_TTL_MS, maxEntries: 10_000 });

export function findGrant(store: LedgerStore, tokenHash: string, nowMs = Date.now()): Promise<GrantRecord | null> {
  return grants.get(tokenHash, () => store.findGrantByTokenHash(tokenHash), nowMs);
}

/** Forgets one grant's cached tokens, and every lookup in flight (they may predate the change). */
export function dropCachedGrant(grantId: string): void {
  grants.forgetWhere((grant) => grant?.grantId === grantId);
}

/** Forgets everything (a provider key changed, or changes may have been missed). */
export function clearGrantCache(): void {
  grants.forget();
}

onChange("grant-cache", ["grant", "grants"], (change) => (change.kind === "grant" ? dropCachedGrant(change.id) : clearGrantCache()));
