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
import { singleton } from "@/lib/foundation/runtime/singleton";

export const GRANT_CACHE_TTL_MS = 500;
const MAX_ENTRIES = 10_000;

type Entry = { at: number; grant: GrantRecord | null };
type Cache = Map<string, Entry | Promise<GrantRecord | null>>;

function cache(): Cache {
  return singleton<Cache>("grant-cache", () => new Map());
}

export async function findGrant(store: LedgerStore, tokenHash: string, nowMs = Date.now()): Promise<GrantRecord | null> {
  const entries = cache();
  const hit = entries.get(tokenHash);
  if (hit instanceof Promise) return hit;
  if (hit && nowMs - hit.at < GRANT_CACHE_TTL_MS) return hit.grant;
  const loading = store.findGrantByTokenHash(tokenHash);
  entries.set(tokenHash, loading);
  try {
    const grant = await loading;
    if (entries.get(tokenHash) === loading) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(tokenHash, { at: nowMs, grant });
    }
    return grant;
  } catch (error) {
    if (entries.get(tokenHash) === loading) entries.delete(tokenHash);
    throw error;
  }
}

/** Forgets one grant's cached tokens, and every lookup in flight (they may predate the change). */
export function dropCachedGrant(grantId: string): void {
  for (const [hash, entry] of cache()) {
    if (entry instanceof Promise || entry.grant?.grantId === grantId) cache().delete(hash);
  }
}

/** Forgets everything (a provider key changed, or changes may have been missed). */
export function clearGrantCache(): void {
  cache().clear();
}

onChange("grant-cache", ["grant", "grants"], (change) => (change.kind === "grant" ? dropCachedGrant(change.id) : clearGrantCache()));
