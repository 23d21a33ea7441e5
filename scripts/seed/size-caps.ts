/**
 * Caps for a demo entry from its planned usage: the daily cap sits a quarter above the dearest past
 * day, the monthly cap makes this month's spend about `monthShare` of it; neither is ever below what
 * a window spent (the ledger's invariant: committed <= cap in every window).
 */
import { parseSpendWindow, spendWindows, type SpendPeriod } from "@/lib/engines/ledger/windows";
import type { PlannedEvent } from "@/scripts/seed/plan-usage";

const HALF_DOLLAR = 500_000n;
const max = (a: bigint, b: bigint) => (a > b ? a : b);

function roundUp(micros: bigint): bigint {
  const step = micros > 20_000_000n ? 1_000_000n : HALF_DOLLAR;
  const up = ((micros + step - 1n) / step) * step;
  return up < step ? step : up;
}

function spendByWindow(events: PlannedEvent[]): Map<string, bigint> {
  const byWindow = new Map<string, bigint>();
  for (const e of events) {
    const w = spendWindows(e.createdAt.getTime());
    for (const key of [w.month, w.day]) byWindow.set(key, (byWindow.get(key) ?? 0n) + e.costMicros);
  }
  return byWindow;
}

const isPeriod = (key: string, period: SpendPeriod) => parseSpendWindow(key)?.period === period;

/** A quarter above the dearest day before today. */
export function dailyCap(events: PlannedEvent[], now: Date): bigint {
  const today = spendWindows(now.getTime()).day;
  const days = [...spendByWindow(events)].filter(([k]) => isPeriod(k, "day") && k !== today).map(([, v]) => v);
  const dearest = days.reduce(max, 0n);
  return roundUp(dearest + dearest / 4n);
}

export function monthlyCap(events: PlannedEvent[], now: Date, monthShare: number): bigint {
  const byWindow = spendByWindow(events);
  const current = byWindow.get(spendWindows(now.getTime()).month) ?? 0n;
  const dearest = [...byWindow]
    .filter(([k]) => isPeriod(k, "month"))
    .map(([, v]) => v)
    .reduce(max, 0n);
  return roundUp(max((current * 1000n) / BigInt(Math.max(1, Math.round(monthShare * 1000))), dearest));
}

export function spentToday(events: PlannedEvent[], now: Date): bigint {
  return spendByWindow(events).get(spendWindows(now.getTime()).day) ?? 0n;
}
