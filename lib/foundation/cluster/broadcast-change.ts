/**
 * Tells the other instances about a change that is already committed, through this process's
 * change listener connection (fire and forget: where no listener runs, on SQLite or while it
 * reconnects, the others notice at their next poll or when their cache entry expires).
 */
import { encodeChange, type Change } from "@/lib/foundation/cluster/changes";
import { peekSingleton } from "@/lib/foundation/runtime/singleton";

export type Broadcaster = (payload: string) => void;

export const BROADCASTER = "change-broadcaster";

export function broadcastChange(change: Change): void {
  peekSingleton<Broadcaster>(BROADCASTER)?.(encodeChange(change));
}
