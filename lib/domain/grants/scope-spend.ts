/**
 * What each grant entry has spent in the current windows (UTC month and day), read from the ledger
 * (SpendWindow: committed + held µ$), with what is left under each cap and when the window resets.
 * Exact bigint arithmetic; the views carry µ$ as decimal strings.
 */
import { z } from "zod";
import type { Db } from "@/lib/foundation/db/client";
import { parseSpendWindow, spendWindowResets, spendWindows } from "@/lib/engines/ledger/windows";

export const windowSpendView = z.object({
  window: z.string().describe('"2026-11" (UTC month) or "2026-11-22" (UTC day)'),
  cap_micros: z.string().nullable().describe("the cap in µ$ (1 USD = 1,000,000), null when uncapped"),
  committed_micros: z.string().describe("settled spend in µ$"),
  held_micros: z.string().describe("reserved by requests in flight, in µ$"),
  remaining_micros: z.string().nullable().describe("cap - committed - held (never below 0), null when uncapped"),
  resets_at: z.string(),
});
type WindowSpendView = z.infer<typeof windowSpendView>;

export type WindowSpend = {
  window: string;
  capMicros: bigint | null;
  committedMicros: bigint;
  heldMicros: bigint;
  remainingMicros: bigint | null;
  resetsAt: Date;
};
export type ScopeSpend = { month: WindowSpend; day: WindowSpend };

type CappedScope = { id: string; monthlyCapMicros: bigint | null; dailyCapMicros: bigint | null };

function windowSpend(
  window: string,
  cap: bigint | null,
  row: { committedMicros: bigint; heldMicros: bigint } | undefined,
  resetsAt: Date,
): WindowSpend {
  const committedMicros = row?.committedMicros ?? 0n;
  const heldMicros = row?.heldMicros ?? 0n;
  const left = cap === null ? null : cap - committedMicros - heldMicros;
  return {
    window: parseSpendWindow(window)!.label,
    capMicros: cap,
    committedMicros,
    heldMicros,
    remainingMicros: left === null ? null : left < 0n ? 0n : left,
    resetsAt,
  };
}

export async function scopeSpend(db: Db, scopes: readonly CappedScope[], now = new Date()): Promise<Map<string, ScopeSpend>> {
  const windows = spendWindows(now.getTime());
  const resets = spendWindowResets(now.getTime());
  const rows = scopes.length
    ? await db.spendWindow.findMany({ where: { scopeId: { in: scopes.map((s) => s.id) }, window: { in: [windows.month, windows.day] } } })
    : [];
  const find = (scopeId: string, window: string) => rows.find((r) => r.scopeId === scopeId && r.window === window);
  return new Map(
    scopes.map((s) => [
      s.id,
      {
        month: windowSpend(windows.month, s.monthlyCapMicros, find(s.id, windows.month), resets.month),
        day: windowSpend(windows.day, s.dailyCapMicros, find(s.id, windows.day), resets.day),
      },
    ]),
  );
}

export function toWindowSpendView(w: WindowSpend): WindowSpendView {
  return {
    window: w.window,
    cap_micros: w.capMicros === null ? null : String(w.capMicros),
    committed_micros: String(w.committedMicros),
    held_micros: String(w.heldMicros),
    remaining_micros: w.remainingMicros === null ? null : String(w.remainingMicros),
    resets_at: w.resetsAt.toISOString(),
  };
}

/** Share of the cap used (committed + held), in whole percent, 0 when uncapped. Integer math. */
export function percentUsed(w: WindowSpend): number {
  if (w.capMicros === null || w.capMicros <= 0n) return 0;
  return Number(((w.committedMicros + w.heldMicros) * 100n) / w.capMicros);
}
