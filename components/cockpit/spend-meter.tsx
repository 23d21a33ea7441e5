import { formatUsd } from "@/lib/foundation/money/micros";

function tone(percent: number): string {
  if (percent >= 100) return "bg-red-500";
  if (percent >= 80) return "bg-amber-500";
  return "bg-emerald-500";
}

/** Spend against a cap: a bar with the amounts; "no cap" when uncapped. */
export function SpendMeter({ label, usedMicros, capMicros }: { label: string; usedMicros: string; capMicros: string | null }) {
  const used = BigInt(usedMicros);
  if (capMicros === null) {
    return (
      <div className="text-xs text-slate-600">
        <span className="font-medium text-slate-700">{label}</span> {formatUsd(used)} · no cap
      </div>
    );
  }
  const cap = BigInt(capMicros);
  const percent = cap > 0n ? Number((used * 100n) / cap) : 0;
  return (
    <div className="space-y-1" data-testid="spend-meter">
      <div className="flex justify-between gap-2 text-xs text-slate-600">
        <span className="font-medium text-slate-700">{label}</span>
        <span>
          {formatUsd(used)} of {formatUsd(cap)} · {percent}%
        </span>
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label={`${label}: ${formatUsd(used)} of ${formatUsd(cap)}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(percent, 100)}
      >
        <div className={`h-full rounded-full ${tone(percent)}`} style={{ width: `${Math.min(percent, 100)}%` }} />
      </div>
    </div>
  );
}
