import Link from "next/link";
import { formatUsd } from "@/lib/foundation/money/micros";
import type { UsageBucket } from "@/lib/domain/usage/aggregate-usage";

/** A breakdown as a table: name, requests, tokens in/out, cost (biggest first). */
export function BucketTable({
  buckets,
  label,
  href,
  testId,
}: {
  buckets: UsageBucket[];
  label: (b: UsageBucket) => string;
  href?: (b: UsageBucket) => string | null;
  testId: string;
}) {
  if (buckets.length === 0) return <p className="text-sm text-slate-500">Nothing matches.</p>;
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="w-full min-w-[22rem] text-left text-sm" data-testid={testId}>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-5 py-2 font-medium">Name</th>
            <th className="px-2 py-2 text-right font-medium">Requests</th>
            <th className="px-2 py-2 text-right font-medium">Tokens in / out</th>
            <th className="px-5 py-2 text-right font-medium">Cost</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {buckets.map((b) => {
            const link = href?.(b);
            return (
              <tr key={b.key ?? "-"}>
                <td className="max-w-[16rem] truncate px-5 py-2 text-slate-800">
                  {link ? (
                    <Link href={link} className="hover:underline">
                      {label(b)}
                    </Link>
                  ) : (
                    label(b)
                  )}
                </td>
                <td className="px-2 py-2 text-right tabular-nums">{b.totals.requests.toLocaleString("en-US")}</td>
                <td className="whitespace-nowrap px-2 py-2 text-right tabular-nums">
                  {b.totals.input_tokens.toLocaleString("en-US")} / {b.totals.output_tokens.toLocaleString("en-US")}
                </td>
                <td className="px-5 py-2 text-right tabular-nums text-slate-900">{formatUsd(b.totals.costMicros)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
