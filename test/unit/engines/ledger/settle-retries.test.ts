/**
 * Settlements the database could not take are kept and written later, with their own figures: never
 * dropped while the database is away, never blocking each other, and settleSpend never throws.
 */
import { describe, expect, it, vi } from "vitest";
import { log } from "@/lib/foundation/log";
import { ZERO_USAGE } from "@/lib/engines/providers/types";
import type { LedgerStore, SettleInput } from "@/lib/engines/ledger/ledger-store";
import { pendingSettlements, retrySettlementsNow, settleRetries } from "@/lib/engines/ledger/settle-retries";
import { settleSpend } from "@/lib/domain/spend/settle-spend";
import { waitFor } from "@/test/support/wait-for";

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
    state.broken.clear(); // (for the next test: an empty queue)
    await retrySettlementsNow();
    expect(pendingSettlements()).toBe(0);
  });

  it("at shutdown, makes one last attempt, reports what is left, and retries no more until started again", async () => {
    const { store, state, written } = flakyStore();
    const warn = vi.spyOn(log, "warn");
    const task = settleRetries();
    state.broken.add("pxr_broken");
    await settleSpend(store, request("pxr_d", 4n));
    await settleSpend(store, request("pxr_broken", 1n));
    state.down = false;
    await task.stop();
    expect(written.map((w) => w.holdId)).toEqual(["pxr_d"]);
    expect(pendingSettlements()).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("the sweeper settles them"), { holds: 1 });
    state.down = true;
    await settleSpend(store, request("pxr_e", 5n));
    state.down = false;
    await new Promise((r) => setTimeout(r, 600)); // past the first retry delay (0.25 s): nothing retried it
    expect(written.map((w) => w.holdId)).toEqual(["pxr_d"]);
    task.start();
    await waitFor(() => written.some((w) => w.holdId === "pxr_e"), 5_000, "the retry after starting again");
    warn.mockRestore();
    state.broken.clear();
    await retrySettlementsNow();
    expect(pendingSettlements()).toBe(0);
  });
});
