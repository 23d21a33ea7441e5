/**
 * Each provider's upstream root (env override > owner setting > default), cached for a few seconds
 * so the hot path does not read settings per request. A change by the owner drops the cache on
 * every instance at once (lib/foundation/cluster); the TTL covers a missed notification.
 */
import { db } from "@/lib/foundation/db/client";
import { guardStore } from "@/lib/engines/ledger/guard-store";
import { listUpstreams } from "@/lib/domain/upstreams/upstream-urls";
import { onChange } from "@/lib/foundation/cluster/apply-change";
import { ttlValue } from "@/lib/foundation/runtime/ttl-cache";

const roots = ttlValue<ReadonlyMap<string, string>>("upstream-roots", { ttlMs: 5_000 });

/** The next request reads the roots again. */
export function forgetUpstreamRoots(): void {
  roots.forget();
}

export async function upstreamRoot(provider: string): Promise<string> {
  const byProvider = await guardStore(roots.get(async () => new Map((await listUpstreams(db())).map((u) => [u.provider, u.url]))));
  return byProvider.get(provider)!;
}

onChange("upstream-roots", ["upstreams"], forgetUpstreamRoots);
