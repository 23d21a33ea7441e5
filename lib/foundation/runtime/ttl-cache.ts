/**
 * A small in-process cache with a time to live, shared by both bundles (it lives in a `singleton`,
 * so the custom server and Next.js see one cache). What it guarantees:
 * - one load per key at a time: callers that miss while a load is in flight wait for that load;
 * - a value is served for `ttlMs` from the moment its load started (never longer: the TTL is the
 *   safety net behind explicit invalidation);
 * - `forget` wins over loads in flight: a load that was running when its key was forgotten may have
 *   read the old row, so its result goes to the callers already waiting for it but is never kept;
 * - a failed load keeps nothing (the next caller loads again) and reaches its callers;
 * - it keeps at most `maxEntries` keys: one more empties it before that value is kept (a flood of
 *   distinct keys cannot grow it without bound).
 */
import { singleton } from "@/lib/foundation/runtime/singleton";

export type TtlCacheOptions = { ttlMs: number; maxEntries?: number };

export type TtlCache<K, V> = {
  /** The cached value of `key`, or what `load` yields (at most one load per key in flight). */
  get(key: K, load: () => Promise<V>, nowMs?: number): Promise<V>;
  /** Forgets `key` (every key when none is given), including loads in flight for it. */
  forget(key?: K): void;
  /** Forgets the values that match, and every load in flight (what it will yield is not known yet). */
  forgetWhere(match: (value: V, key: K) => boolean): void;
  /** How many keys are cached or loading. */
  readonly size: number;
};

/** One cached value (no key). */
export type TtlValue<V> = {
  get(load: () => Promise<V>, nowMs?: number): Promise<V>;
  forget(): void;
};

type Entry<V> = { at: number; value: V } | { loading: Promise<V> };

function createTtlCache<K, V>(options: TtlCacheOptions): TtlCache<K, V> {
  const entries = new Map<K, Entry<V>>();
  return {
    async get(key, load, nowMs = Date.now()) {
      const hit = entries.get(key);
      if (hit && "loading" in hit) return hit.loading;
      if (hit && nowMs - hit.at < options.ttlMs) return hit.value;
      const loading = load();
      const mine: Entry<V> = { loading };
      entries.set(key, mine);
      try {
        const value = await loading;
        if (entries.get(key) === mine) {
          if (options.maxEntries !== undefined && entries.size > options.maxEntries) entries.clear(); // (this key counts already)
          entries.set(key, { at: nowMs, value });
        }
        return value;
      } catch (error) {
        if (entries.get(key) === mine) entries.delete(key);
        throw error;
      }
    },
    forget(key) {
      if (key === undefined) entries.clear();
      else entries.delete(key);
    },
    forgetWhere(match) {
      for (const [key, entry] of entries) if ("loading" in entry || match(entry.value, key)) entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

/** The process's cache called `name` (created with these options by whichever bundle asks first). */
export function ttlCache<K, V>(name: string, options: TtlCacheOptions): TtlCache<K, V> {
  return singleton(`ttl-cache.${name}`, () => createTtlCache<K, V>(options));
}

/** The process's single cached value called `name`. */
export function ttlValue<V>(name: string, options: { ttlMs: number }): TtlValue<V> {
  const cache = ttlCache<"value", V>(name, options);
  return {
    get: (load, nowMs) => cache.get("value", load, nowMs),
    forget: () => cache.forget(),
  };
}
