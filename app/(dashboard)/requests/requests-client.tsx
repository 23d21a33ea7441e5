"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { usePolled } from "@/components/shell/use-polled";
import type { AccessRequestView } from "@/lib/domain/access-requests/list-access-requests";

const STATUS_TONE = { pending: "amber", approved: "green", denied: "red", expired: "neutral", abandoned: "neutral" } as const;

function decidedBy(r: AccessRequestView): string {
  if (!r.decided_by) return "";
  if (r.decided_by.startsWith("policy:")) return " · auto-approved by a policy";
  if (r.decided_by === "cli") return " · from the CLI";
  return "";
}

function Row({ r, names }: { r: AccessRequestView; names: Record<string, string> }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid={`request-${r.id}`}>
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <span className="break-all font-medium text-slate-900">{r.client_name}</span>
          <Badge tone="amber">unverified</Badge>
          <Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge>
        </p>
        <p className="mt-0.5 text-xs text-slate-500">
          {r.providers.map((p) => names[p.provider] ?? p.provider).join(", ")}
          {r.client_url ? ` · ${new URL(r.client_url).origin}` : ""} · {new Date(r.created_at).toLocaleString()}
          {decidedBy(r)}
        </p>
      </div>
      {r.status === "pending" && (
        <Link href={`/approve/${r.id}`} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
          Review
        </Link>
      )}
    </li>
  );
}

/** The inbox, refreshed every few seconds while visible: new requests appear without a reload. */
export function RequestsClient({ initial, providerNames }: { initial: AccessRequestView[]; providerNames: Record<string, string> }) {
  const requests = usePolled("/api/ui/requests", initial, (json: { data: AccessRequestView[] }) => json.data);
  const pending = requests.filter((r) => r.status === "pending");
  const recent = requests.filter((r) => r.status !== "pending").slice(0, 20);
  return (
    <div className="space-y-6">
      <Card title="Waiting for you" description={pending.length ? undefined : "No app is waiting. Requests show up here as they arrive."}>
        {pending.length > 0 && (
          <ul className="divide-y divide-slate-100" data-testid="pending-requests">
            {pending.map((r) => (
              <Row key={r.id} r={r} names={providerNames} />
            ))}
          </ul>
        )}
      </Card>
      {recent.length > 0 && (
        <Card title="Recent decisions">
          <ul className="divide-y divide-slate-100" data-testid="recent-requests">
            {recent.map((r) => (
              <Row key={r.id} r={r} names={providerNames} />
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
