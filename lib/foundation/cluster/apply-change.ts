/**
 * A change's effect inside this process: a grant's cached tokens are dropped and the live requests
 * re-check their tokens at once (a revoked stream is cut now, not at the next periodic check);
 * request waiters wake up and re-read the row; changed upstream URLs or prices are read again by
 * the next request.
 */
import { emitRequestChanged } from "@/lib/domain/access-requests/request-events";
import type { Change } from "@/lib/foundation/cluster/changes";
import { forgetPriceOverrides } from "@/lib/engines/pricing/resolve-price";
import { clearGrantCache, dropCachedGrant } from "@/lib/surfaces/proxy/grant-cache";
import { recheckLiveRequests } from "@/lib/surfaces/proxy/live-requests";
import { forgetUpstreamRoots } from "@/lib/domain/upstreams/upstream-root";

export function applyChange(change: Change): void {
  switch (change.kind) {
    case "grant":
      dropCachedGrant(change.id);
      recheckLiveRequests();
      return;
    case "grants":
      clearGrantCache();
      recheckLiveRequests();
      return;
    case "request":
      emitRequestChanged(change.id);
      return;
    case "upstreams":
      forgetUpstreamRoots();
      return;
    case "prices":
      forgetPriceOverrides();
      return;
  }
}
