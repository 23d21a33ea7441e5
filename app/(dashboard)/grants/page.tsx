import Link from "next/link";
import { GrantStatusBadge } from "@/components/grants/grant-status-badge";
import { ConnectAppForm } from "@/components/grants/connect-app-form";
import { ScopeSummary } from "@/components/grants/scope-summary";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { db } from "@/lib/foundation/db/client";
import { GRANT_STATUSES, type GrantStatus } from "@/lib/domain/grants/grant-view";
import { listGrants } from "@/lib/domain/grants/list-grants";
import { providersWithKeys } from "@/lib/domain/provider-keys/providers-with-keys";
import { listProviders } from "@/lib/engines/providers/registry";
import { pageUser } from "@/app/(dashboard)/page-user";

export const metadata = { title: "Grants" };

export default async function GrantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser();
  const requested = (await searchParams).status;
  const status = GRANT_STATUSES.find((s) => s === requested) as GrantStatus | undefined;
  const { data: grants } = await listGrants(db(), user.id, { status });
  const names = Object.fromEntries(listProviders().map((p) => [p.id, p.name]));
  const keyed = await providersWithKeys(db(), user.id);
  const tab = (value: GrantStatus | undefined, label: string) => (
    <Link
      key={label}
      href={value ? `/grants?status=${value}` : "/grants"}
      aria-current={status === value ? "page" : undefined}
      className={`rounded-md px-3 py-1 text-sm font-medium ${status === value ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-200/60"}`}
    >
      {label}
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Grants"
        description="Every app you gave access to: what it may use, what it spent against its caps, and when it expires. Open one to change limits, pause or revoke it."
      />
      <nav aria-label="Filter grants" className="flex flex-wrap gap-1">
        {tab(undefined, "All")}
        {GRANT_STATUSES.map((s) => tab(s, s[0]!.toUpperCase() + s.slice(1)))}
      </nav>
      {grants.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600">
            {status ? `No ${status} grants.` : "No grants yet. When you approve an app's request under "}
            {!status && (
              <Link href="/requests" className="font-medium underline">
                Requests
              </Link>
            )}
            {!status && ", it appears here with its spend and limits."}
          </p>
        </Card>
      ) : (
        <ul className="space-y-4" data-testid="grant-list">
          {grants.map((g) => (
            <li key={g.id}>
              <Card
                title={g.client_name}
                description={
                  <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <GrantStatusBadge status={g.status} />
                    <span>{g.providers.map((p) => names[p] ?? p).join(", ")}</span>
                    {g.revoked_at ? (
                      <span>
                        · revoked <LocalTime iso={g.revoked_at} dateOnly />
                      </span>
                    ) : (
                      <span>
                        · {g.status === "expired" ? "expired" : "expires"} <LocalTime iso={g.expires_at} dateOnly />
                      </span>
                    )}
                    <span>· last used {g.last_used_at ? <LocalTime iso={g.last_used_at} /> : "never"}</span>
                  </span>
                }
                actions={
                  <Link
                    href={`/grants/${g.id}`}
                    className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
                    aria-label={`Details of ${g.client_name}`}
                  >
                    Details
                  </Link>
                }
              >
                <div className="space-y-4">
                  {g.scopes.map((s) => (
                    <ScopeSummary key={s.id} scope={s} providerName={names[s.provider] ?? s.provider} />
                  ))}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <Card
        title="Connect an app by hand"
        description="For an app that takes a base URL and an API key but cannot ask for access itself: create its grant and token here."
      >
        <ConnectAppForm providers={keyed.map((id) => ({ id, name: names[id] ?? id }))} />
      </Card>
    </>
  );
}
