import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { formatUsd } from "@/lib/foundation/money/micros";
import type { UsageEventView } from "@/lib/domain/usage/usage-event-view";

const OUTCOME_TONE: Record<string, "green" | "amber" | "red" | "neutral" | "blue"> = {
  ok: "green",
  pending: "blue",
  upstream_error: "red",
  timeout: "red",
  client_abort: "amber",
  revoked: "amber",
  shutdown: "amber",
  swept: "neutral",
  vault_restarted: "amber",
};

/** Proxied requests as a table (time, app, provider/model, outcome, tokens, cost); model names are shown as text. */
export function UsageTable({
  events,
  showApp = true,
  providerNames,
}: {
  events: UsageEventView[];
  showApp?: boolean;
  providerNames: Record<string, string>;
}) {
  if (events.length === 0) return <p className="text-sm text-slate-500">No requests match.</p>;
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid="usage-table">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-5 py-2 font-medium">When</th>
            {showApp && <th className="px-2 py-2 font-medium">App</th>}
            <th className="px-2 py-2 font-medium">Model</th>
            <th className="px-2 py-2 font-medium">Status</th>
            <th className="px-2 py-2 text-right font-medium">Tokens in / out</th>
            <th className="px-5 py-2 text-right font-medium">Cost</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {events.map((e) => (
            <tr key={e.id} className="align-top">
              <td className="whitespace-nowrap px-5 py-2 text-slate-600">
                <LocalTime iso={e.created_at} />
              </td>
              {showApp && (
                <td className="max-w-[12rem] truncate px-2 py-2">
                  <Link href={`/grants/${e.grant_id}`} className="text-slate-800 hover:underline">
                    {e.client_name ?? e.grant_id}
                  </Link>
                </td>
              )}
              <td className="max-w-[16rem] px-2 py-2">
                <span className="block truncate font-mono text-xs text-slate-800">{e.model ?? e.endpoint}</span>
                <span className="text-xs text-slate-500">{providerNames[e.provider] ?? e.provider}</span>
              </td>
              <td className="px-2 py-2">
                <Badge tone={OUTCOME_TONE[e.outcome] ?? "neutral"}>
                  {e.outcome === "ok" ? String(e.status) : e.outcome.replaceAll("_", " ")}
                </Badge>
                {e.estimated && (
                  <span className="ml-1 text-xs text-slate-500" title="usage was estimated (the stream ended early)">
                    est.
                  </span>
                )}
              </td>
              <td className="whitespace-nowrap px-2 py-2 text-right tabular-nums text-slate-700">
                {e.input_tokens.toLocaleString("en-US")} / {e.output_tokens.toLocaleString("en-US")}
              </td>
              <td className="whitespace-nowrap px-5 py-2 text-right tabular-nums text-slate-900">{formatUsd(BigInt(e.cost_micros))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
