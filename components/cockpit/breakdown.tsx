import Link from "next/link";
import { formatUsd } from "@/lib/foundation/money/micros";

export type BreakdownRow = { key: string; label: string; costMicros: bigint; requests: number; href?: string };

/** The top rows of a spend breakdown with a share bar each; the rest summed as "others". */
export function Breakdown({
  title,
  rows,
  totalMicros,
  top = 4,
}: {
  title: string;
  rows: BreakdownRow[];
  totalMicros: bigint;
  top?: number;
}) {
  const shown = rows.slice(0, top);
  const rest = rows.slice(top);
  const restMicros = rest.reduce((s, r) => s + r.costMicros, 0n);
  const share = (micros: bigint) => (totalMicros > 0n ? Number((micros * 1000n) / totalMicros) / 10 : 0);
  return (
    <div>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {rows.length === 0 ? (
        <p className="mt-1 text-sm text-slate-400">Nothing yet.</p>
      ) : (
        <ul className="mt-1 space-y-1.5 text-sm">
          {shown.map((r) => (
            <li key={r.key}>
              <div className="flex justify-between gap-2">
                {r.href ? (
                  <Link href={r.href} className="min-w-0 truncate text-slate-800 hover:underline">
                    {r.label}
                  </Link>
                ) : (
                  <span className="min-w-0 truncate text-slate-800">{r.label}</span>
                )}
                <span className="shrink-0 tabular-nums text-slate-700">{formatUsd(r.costMicros)}</span>
              </div>
              <div className="mt-0.5 h-1 rounded-full bg-slate-100">
                <div className="h-full rounded-full bg-slate-400" style={{ width: `${share(r.costMicros)}%` }} />
              </div>
            </li>
          ))}
          {rest.length > 0 && (
            <li className="flex justify-between text-slate-500">
              <span>{rest.length} more</span>
              <span className="tabular-nums">{formatUsd(restMicros)}</span>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
