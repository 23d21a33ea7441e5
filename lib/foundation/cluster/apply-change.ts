/**
 * A change's effect inside this process. The modules that keep something a change makes stale
 * subscribe here (the grant cache, the live requests' token re-check, the request waiters, the
 * upstream roots, the price overrides); the cluster itself knows none of them, so it imports
 * nothing above the foundation floor. Subscriptions live in a process-wide singleton (shared by
 * the server and Next.js bundles) keyed by name, so a module loaded twice subscribes once.
 */
import type { Change } from "@/lib/foundation/cluster/changes";
import { log } from "@/lib/foundation/log";
import { singleton } from "@/lib/foundation/runtime/singleton";

type Kind = Change["kind"];
type Subscription = { kinds: ReadonlySet<Kind>; handle: (change: Change) => void };

const subscriptions = () => singleton("change-subscriptions", () => new Map<string, Subscription>());

/** Calls `handle` with every change of these kinds applied in this process, from now on. */
export function onChange<K extends Kind>(name: string, kinds: readonly K[], handle: (change: Extract<Change, { kind: K }>) => void): void {
  subscriptions().set(name, { kinds: new Set(kinds), handle: handle as (change: Change) => void });
}

export function applyChange(change: Change): void {
  for (const [name, subscription] of subscriptions()) {
    if (!subscription.kinds.has(change.kind)) continue;
    try {
      subscription.handle(change);
    } catch (error) {
      log.error("a change subscriber failed", { subscriber: name, change: change.kind, err: error });
    }
  }
}

/** After changes may have been missed (the listener reconnected): everything cached is stale. */
export function applyEverythingChanged(): void {
  for (const kind of ["grants", "upstreams", "prices"] as const) applyChange({ kind });
}
