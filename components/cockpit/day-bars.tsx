import { formatUsd } from "@/lib/foundation/money/micros";
import type { DaySpend } from "@/lib/domain/usage/daily-spend";

/**
 * Spend per day as CSS bars (no chart library): one bar per day, height relative to the dearest day,
 * the exact amount in each bar's tooltip and in a screen-reader list.
 */
export function DayBars({ days, label }: { days: DaySpend[]; label: string }) {
  const max = days.reduce((m, d) => (BigInt(d.costMicros) > m ? BigInt(d.costMicros) : m), 0n);
  const total = days.reduce((sum, d) => sum + BigInt(d.costMicros), 0n);
  if (max === 0n) return <p className="text-sm text-slate-500">No spend in this period yet.</p>;
  return (
    <figure aria-label={`${label}: ${formatUsd(total)} in total`} data-testid="day-bars">
      <div className="flex items-baseline justify-between text-xs text-slate-500">
        <span>max {formatUsd(max)} a day</span>
        <span>total {formatUsd(total)}</span>
      </div>
      <div className="mt-2 flex h-36 items-end gap-px border-b border-slate-200 sm:gap-1" aria-hidden="true">
        {days.map((d) => {
          const cost = BigInt(d.costMicros);
          const height = cost === 0n ? 0 : Math.max(2, Number((cost * 1000n) / max) / 10);
          return (
            <div
              key={d.day}
              className="group relative flex h-full flex-1 items-end"
              title={`${d.day}: ${formatUsd(cost)} · ${d.requests} requests`}
            >
              <div className="w-full rounded-t-sm bg-sky-500 group-hover:bg-sky-700" style={{ height: `${height}%` }} />
            </div>
          );
        })}
      </div>
      <div className="mt-1 flex justify-between text-xs text-slate-500" aria-hidden="true">
        <span>{days[0]!.day.slice(5)}</span>
        <span>{days[days.length - 1]!.day.slice(5)}</span>
      </div>
      <figcaption className="sr-only">
        <ul>
          {days.map((d) => (
            <li key={d.day}>
              {d.day}: {formatUsd(BigInt(d.costMicros))}, {d.requests} requests
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
