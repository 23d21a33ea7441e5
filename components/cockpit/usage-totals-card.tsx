import { Card } from "@/components/ui/card";
import { formatUsd } from "@/lib/foundation/money/micros";
import type { UsageTotals } from "@/lib/domain/usage/usage-totals";

const n = (v: number) => v.toLocaleString("en-US");

/** Totals by token class (as the providers count them) and the cost. */
export function UsageTotalsCard({ totals }: { totals: UsageTotals }) {
  const rows: [string, string, string?][] = [
    ["Cost", formatUsd(totals.costMicros)],
    ["Requests", n(totals.requests)],
    ["Input tokens", n(totals.input_tokens), "including cached input"],
    ["Cache reads", n(totals.cache_read_tokens), "input served from the provider's prompt cache"],
    ["Cache writes", n(totals.cache_write_tokens), `of which 1-hour: ${n(totals.cache_write_1h_tokens)}`],
    ["Output tokens", n(totals.output_tokens), "including reasoning"],
    ["Reasoning tokens", n(totals.reasoning_tokens)],
    [
      "Audio tokens",
      n(totals.input_audio_tokens + totals.output_audio_tokens),
      `in ${n(totals.input_audio_tokens)}, out ${n(totals.output_audio_tokens)}: at audio rates`,
    ],
    [
      "Image tokens",
      n(totals.input_image_tokens + totals.output_image_tokens),
      `in ${n(totals.input_image_tokens)}, out ${n(totals.output_image_tokens)}: at image rates`,
    ],
  ];
  return (
    <Card title="Totals" description="For everything the filters match.">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4 xl:grid-cols-9" data-testid="usage-totals">
        {rows.map(([label, value, hint]) => (
          <div key={label}>
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
            <dd
              className="text-lg font-semibold tabular-nums text-slate-900"
              data-testid={`total-${label.toLowerCase().replace(/ /g, "-")}`}
            >
              {value}
            </dd>
            {hint && <dd className="text-xs text-slate-500">{hint}</dd>}
          </div>
        ))}
      </dl>
    </Card>
  );
}
