/**
 * Token -> grant lookups through a short in-process cache. An entry lives GRANT_CACHE_TTL_MS, so a
 * revocation made by any instance (or straight in the database) reaches every instance's new
 * requests within that time, with no invalidation protocol (PostgreSQL LISTEN/NOTIFY can shorten
 * it later). Unknown tokens are cached too, so a flood of well-formed fakes costs one query per
 * token per TTL.
 */
import type { GrantRecord, ProxyStore } from "@/lib/proxy/store/proxy-store";
import { singleton } from "@/lib/runtime/singleton";

export const GRANT_CACHE_TTL_MS = 500;
const MAX_ENTRIES = 10_000;

type Entry = { at: number; grant: GrantRecord | null };
type Cache = Map<string, Entry | Promise<GrantRecord | null>>;

function cache(): Cache {
  return singleton<Cache>("grant-cache", () => new Map());
}

export async function findGrant(store: ProxyStore, tokenHash: string, nowMs = Date.now()): Promise<GrantRecord | null> {
  const entries = cache();
  const hit = entries.get(tokenHash);
  if (hit instanceof Promise) return hit;
  if (hit && nowMs - hit.at < GRANT_CACHE_TTL_MS) return hit.grant;
  const loading = store.findGrantByTokenHash(tokenHash);
  entries.set(tokenHash, loading);
  try {
    const grant = await loading;
    if (entries.size >= MAX_ENTRIES) entries.clear();
    entries.set(tokenHash, { at: nowMs, grant });
    return grant;
  } catch (error) {
    entries.delete(tokenHash);
    throw error;
  }
}
