import Link from "next/link";
import { ACTION_GROUPS, ACTION_LABELS, ACTOR_TYPES } from "@/components/audit/action-labels";
import { FilterForm, FilterSelect } from "@/components/cockpit/filter-form";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { listAuditEvents } from "@/lib/domain/audit/list-audit-events";
import { auditListQuery } from "@/lib/domain/audit/schemas";
import { db } from "@/lib/foundation/db/client";
import { pageUser } from "@/app/(dashboard)/page-user";

export const metadata = { title: "Audit log" };

function describe(metadata: Record<string, unknown>): string {
  return Object.entries(metadata)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser();
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string" && v !== "")) as Record<
    string,
    string
  >;
  const parsed = auditListQuery.safeParse({ limit: "50", ...raw });
  const query = parsed.success ? parsed.data : auditListQuery.parse({ limit: "50" });
  const result = await listAuditEvents(db(), user, query, query);
  const filters = new URLSearchParams(Object.entries(raw).filter(([k]) => k !== "page" && k !== "limit"));
  const pageLink = (page: number) => `/audit?${new URLSearchParams({ ...Object.fromEntries(filters), page: String(page) })}`;
  const exportLink = (format: string) => `/api/ui/audit/export?${new URLSearchParams({ ...Object.fromEntries(filters), format })}`;
  const pages = Math.max(1, Math.ceil(result.total / result.limit));

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every security-relevant event: sign-ins, keys, requests, grants, settings. Recorded in the same transaction as the change, never with a secret."
        actions={
          <div className="flex gap-2 text-sm">
            <a className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50" href={exportLink("csv")}>
              Export CSV
            </a>
            <a className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50" href={exportLink("json")}>
              Export JSON
            </a>
          </div>
        }
      />
      {!parsed.success && <Alert tone="warning">{parsed.error.issues[0]?.message ?? "Invalid filter"}: showing everything.</Alert>}
      <FilterForm action="/audit" values={raw} active={filters.size > 0}>
        <FilterSelect name="action" label="Events" options={ACTION_GROUPS} all="All" value={raw.action} />
        <FilterSelect name="actor_type" label="By" options={ACTOR_TYPES} all="Anyone" value={raw.actor_type} />
      </FilterForm>
      <Card>
        {result.data.length === 0 ? (
          <p className="text-sm text-slate-500">No events match.</p>
        ) : (
          <div className="-mx-5 overflow-x-auto">
            <table className="w-full min-w-[44rem] text-left text-sm" data-testid="audit-table">
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-5 py-2 font-medium">When</th>
                  <th className="px-2 py-2 font-medium">Event</th>
                  <th className="px-2 py-2 font-medium">By</th>
                  <th className="px-2 py-2 font-medium">Details</th>
                  <th className="px-5 py-2 font-medium">IP</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.data.map((e) => (
                  <tr key={e.seq} className="align-top">
                    <td className="whitespace-nowrap px-5 py-2 text-slate-600">
                      <LocalTime iso={e.created_at} />
                    </td>
                    <td className="px-2 py-2 font-medium text-slate-900">{ACTION_LABELS[e.action] ?? e.action}</td>
                    <td className="px-2 py-2 text-slate-600">
                      {e.actor.type}
                      {e.actor.id ? <span className="block font-mono text-xs text-slate-400">{e.actor.id}</span> : null}
                    </td>
                    <td className="max-w-md break-words px-2 py-2 text-slate-600">
                      {e.target.id ? <span className="font-mono text-xs text-slate-500">{e.target.id} </span> : null}
                      {describe(e.metadata)}
                    </td>
                    <td className="whitespace-nowrap px-5 py-2 font-mono text-xs text-slate-500">{e.ip ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="mt-4 flex items-center justify-between text-sm text-slate-600">
          <span>
            {result.total} event{result.total === 1 ? "" : "s"} · page {result.page} of {pages}
          </span>
          <span className="flex gap-3">
            {result.page > 1 && <Link href={pageLink(result.page - 1)}>← Newer</Link>}
            {result.page < pages && <Link href={pageLink(result.page + 1)}>Older →</Link>}
          </span>
        </div>
      </Card>
    </>
  );
}
