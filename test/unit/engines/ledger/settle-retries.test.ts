/**
 * Settlements the database could not take are kept and written later, with their own figures: never
 * dropped while the database is away, never blocking each other, and settleSpend never throws.
 */
import { describe, expect, it } from "vitest";
import { ZERO_USAGE } from "@/lib/engines/providers/types";
import type { LedgerStore, SettleInput } from "@/lib/engines/ledger/ledger-store";
import { pendingSettlements, retrySettlementsNow } from "@/lib/engines/ledger/settle-retries";
import { settleSpend } from "@/lib/domain/spend/settle-spend";

/** A store whose settle fails while `down`, and always for the holds in `broken`. */
function flakyStore() {
  const written: SettleInput[] = [];
  const state = { down: true, broken: new Set<string>() };
  const store = {
    async settle(input: SettleInput) {
      if (state.down || state.broken.has(input.holdId)) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      written.push(input);
      return input.costMicros;
    },
  } as unknown as LedgerStore;
  return { store, state, written };
}

const request = (holdId: string, cost: bigint) => ({
  holdId,
  holdMicros: 100n,
  status: 200,
  outcome: "ok",
  model: "gpt-4o-mini",
  startedAtMs: Date.now(),
  ttfbMs: 5,
  charge: { usage: { ...ZERO_USAGE, inputTokens: 4, outputTokens: 3 }, costMicros: cost, estimated: false },
});

describe("settlements retried in the background", () => {
  it("keeps what the database refused and writes it, unchanged, once it answers", async () => {
    const { store, state, written } = flakyStore();
    await expect(settleSpend(store, request("pxr_a", 7n))).resolves.toBeUndefined();
    await settleSpend(store, request("pxr_b", 9n));
    expect(pendingSettlements()).toBe(2);
    await retrySettlementsNow();
    expect(pendingSettlements()).toBe(2); // still down: nothing is dropped
    state.down = false;
    await retrySettlementsNow();
    expect(pendingSettlements()).toBe(0);
    expect(written.map((w) => [w.holdId, w.costMicros, w.outcome, w.usage.outputTokens]).sort()).toEqual([
      ["pxr_a", 7n, "ok", 3],
      ["pxr_b", 9n, "ok", 3],
    ]);
  });

  it("a settlement that keeps failing does not hold back the others", async () => {
    const { store, state, written } = flakyStore();
    state.broken.add("pxr_poison");
    await settleSpend(store, request("pxr_poison", 1n));
    await settleSpend(store, request("pxr_c", 2n));
    state.down = false;
    await retrySettlementsNow(); // fails on the poison entry first and moves it last
    await retrySettlementsNow();
    expect(written.map((w) => w.holdId)).toEqual(["pxr_c"]);
    expect(pendingSettlements()).toBe(1);
  });
});
