/**
 * The TTL cache behind the grant, price-override and upstream-root caches: one load at a time per
 * key, a value kept for its TTL, an invalidation that a slow load cannot undo, failures kept out, a
 * bound on its size, and one cache per process whichever bundle asks.
 */
import { describe, expect, it } from "vitest";
import { peekSingleton } from "@/lib/foundation/runtime/singleton";
import { ttlCache, ttlValue, type TtlCache } from "@/lib/foundation/runtime/ttl-cache";

let seq = 0;
const fresh = <V>(ttlMs = 1_000, maxEntries?: number): TtlCache<string, V> => ttlCache<string, V>(`test-${++seq}`, { ttlMs, maxEntries });

/** A load that resolves when told to, counting its calls. */
function gate<V>() {
  let calls = 0;
  const pending: { resolve: (v: V) => void; reject: (e: Error) => void }[] = [];
  return {
    load: () => {
      calls++;
      return new Promise<V>((resolve, reject) => pending.push({ resolve, reject }));
    },
    resolve: (v: V) => pending.shift()!.resolve(v),
    reject: (e: Error) => pending.shift()!.reject(e),
    get calls() {
      return calls;
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("ttlCache", () => {
  it("loads a key once while its load is in flight; every caller gets the value", async () => {
    const cache = fresh<string>();
    const g = gate<string>();
    const a = cache.get("k", g.load, 0);
    const b = cache.get("k", g.load, 0);
    g.resolve("v");
    expect(await Promise.all([a, b])).toEqual(["v", "v"]);
    expect(g.calls).toBe(1);
  });

  it("serves a value for its TTL from the moment its load started, then loads again", async () => {
    const cache = fresh<number>(500);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get("k", load, 1_000)).toBe(1);
    expect(await cache.get("k", load, 1_499)).toBe(1);
    expect(await cache.get("k", load, 1_500)).toBe(2);
    expect(await cache.get("other", load, 1_500)).toBe(3); // keys are apart
  });

  it("forgets one key, or every key", async () => {
    const cache = fresh<number>();
    let loads = 0;
    const load = async () => ++loads;
    await cache.get("a", load, 0);
    await cache.get("b", load, 0);
    cache.forget("a");
    expect([await cache.get("a", load, 0), await cache.get("b", load, 0)]).toEqual([3, 2]);
    cache.forget();
    expect(cache.size).toBe(0);
    expect(await cache.get("b", load, 0)).toBe(4);
  });

  it("never keeps what a load in flight during a forget yields: its callers get it, the next caller loads again", async () => {
    const cache = fresh<string>();
    const g = gate<string>();
    const before = cache.get("k", g.load, 0);
    cache.forget("k"); // the row changed while the load was reading it
    const after = cache.get("k", g.load, 0); // does not join the old load
    expect(g.calls).toBe(2);
    g.resolve("old");
    g.resolve("new");
    expect([await before, await after]).toEqual(["old", "new"]);
    expect(await cache.get("k", g.load, 0)).toBe("new");
    expect(g.calls).toBe(2);
  });

  it("forgets the values that match, and every load in flight", async () => {
    const cache = fresh<{ owner: string }>();
    await cache.get("a1", async () => ({ owner: "a" }), 0);
    await cache.get("b1", async () => ({ owner: "b" }), 0);
    const g = gate<{ owner: string }>();
    const inFlight = cache.get("c1", g.load, 0);
    cache.forgetWhere((v) => v.owner === "a");
    g.resolve({ owner: "c" });
    await inFlight;
    expect(cache.size).toBe(1); // b1 only: a1 matched, c1 was loading
    let loads = 0;
    const count = async () => (loads++, { owner: "x" });
    await cache.get("b1", count, 0);
    expect(loads).toBe(0);
    await cache.get("a1", count, 0);
    await cache.get("c1", count, 0);
    expect(loads).toBe(2);
  });

  it("keeps nothing from a failed load: its callers get the error, the next caller loads again", async () => {
    const cache = fresh<string>();
    const g = gate<string>();
    const a = cache.get("k", g.load, 0);
    const b = cache.get("k", g.load, 0);
    g.reject(new Error("database away"));
    await expect(a).rejects.toThrow("database away");
    await expect(b).rejects.toThrow("database away");
    expect(cache.size).toBe(0);
    expect(await cache.get("k", async () => "back", 0)).toBe("back");
  });

  it("is emptied when full before it keeps another value", async () => {
    const cache = fresh<number>(1_000, 3);
    for (const k of ["a", "b", "c"]) await cache.get(k, async () => 1, 0);
    expect(cache.size).toBe(3);
    await cache.get("d", async () => 1, 0);
    expect(cache.size).toBe(1);
  });

  it("is one cache per process: whoever asks for a name gets the same one", async () => {
    const name = `shared-${++seq}`;
    const first = ttlCache<string, number>(name, { ttlMs: 1_000 });
    await first.get("k", async () => 7);
    const second = ttlCache<string, number>(name, { ttlMs: 1_000 }); // e.g. from the other bundle
    expect(second).toBe(first);
    expect(await second.get("k", async () => 8)).toBe(7);
    expect(peekSingleton(`ttl-cache.${name}`)).toBe(first);
  });
});

describe("ttlValue", () => {
  it("is a one-key cache: loads once in flight, serves its TTL, forgets", async () => {
    const value = ttlValue<number>(`value-${++seq}`, { ttlMs: 100 });
    let loads = 0;
    const load = async () => (await tick(), ++loads);
    expect(await Promise.all([value.get(load, 0), value.get(load, 50)])).toEqual([1, 1]);
    expect(await value.get(load, 99)).toBe(1);
    expect(await value.get(load, 100)).toBe(2);
    value.forget();
    expect(await value.get(load, 100)).toBe(3);
  });
});
