import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { ApiCallView } from "@/lib/domain/api-calls/api-call-view";

/** Credential-proxy calls: names and sizes, never a value. Scrolls inside its card on a phone. */
export function ApiCallTable({ calls, showGrant = true }: { calls: ApiCallView[]; showGrant?: boolean }) {
  if (calls.length === 0) return <p className="text-sm text-slate-500">No calls yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid="api-calls">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2 pr-3 font-medium">Time</th>
            <th className="py-2 pr-3 font-medium">Call</th>
            <th className="py-2 pr-3 font-medium">Status</th>
            <th className="py-2 pr-3 font-medium">Credentials</th>
            <th className="py-2 pr-3 text-right font-medium">Bytes in / out</th>
            <th className="py-2 pr-3 text-right font-medium">ms</th>
            {showGrant && <th className="py-2 font-medium">Grant</th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {calls.map((c) => (
            <tr key={c.id}>
              <td className="whitespace-nowrap py-2 pr-3 text-slate-600">
                <LocalTime iso={c.created_at} />
              </td>
              <td className="max-w-[24rem] break-all py-2 pr-3 font-mono text-xs text-slate-800">
                {c.method} {c.origin}
                {c.path}
              </td>
              <td className="whitespace-nowrap py-2 pr-3">
                <span className={c.blocked_reason ? "text-red-700" : "text-slate-800"}>{c.status}</span>
                {c.blocked_reason && <span className="ml-1 text-xs text-red-700">{c.blocked_reason}</span>}
                {c.redacted && <span className="ml-1 text-xs text-amber-700">redacted</span>}
              </td>
              <td className="py-2 pr-3 font-mono text-xs">{c.credentials.join(", ") || "none"}</td>
              <td className="whitespace-nowrap py-2 pr-3 text-right tabular-nums">
                {c.bytes_in} / {c.bytes_out}
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">{c.duration_ms}</td>
              {showGrant && (
                <td className="py-2 font-mono text-xs">
                  {c.grant_id ? <Link href={`/grants/${c.grant_id}`}>{c.grant_id.slice(0, 12)}…</Link> : ""}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
