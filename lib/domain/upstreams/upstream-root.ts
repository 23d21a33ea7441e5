/**
 * Each provider's upstream root (env override > owner setting > default), cached for a few seconds
 * so the hot path does not read settings per request. A change by the owner drops the cache on
 * every instance at once (lib/foundation/cluster); the TTL covers a missed notification.
 */
import { db } from "@/lib/foundation/db/client";
import { guardStore } from "@/lib/engines/ledger/guard-store";
import { listUpstreams } from "@/lib/domain/upstreams/upstream-urls";
import { onChange } from "@/lib/foundation/cluster/apply-change";
import { singleton } from "@/lib/foundation/runtime/singleton";

const TTL_MS = 5_000;

type Cache = { at: number; roots: Map<string, string>; loading: Promise<void> | null };

const cached = () => singleton<Cache>("upstream-roots", () => ({ at: 0, roots: new Map(), loading: null }));

/** The next request reads the roots again. */
export function forgetUpstreamRoots(): void {
  cached().at = 0;
}

export async function upstreamRoot(provider: string): Promise<string> {
  const cache = cached();
  if (Date.now() - cache.at >= TTL_MS) {
    cache.loading ??= listUpstreams(db())
      .then((list) => {
        cache.roots = new Map(list.map((u) => [u.provider, u.url]));
        cache.at = Date.now();
      })
      .finally(() => (cache.loading = null));
    await guardStore(cache.loading);
  }
  return cache.roots.get(provider)!;
}

onChange("upstream-roots", ["upstreams"], forgetUpstreamRoots);
