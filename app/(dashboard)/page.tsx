import Link from "next/link";
import { Breakdown, type BreakdownRow } from "@/components/cockpit/breakdown";
import { ConnectApp } from "@/components/cockpit/connect-app";
import { DayBars } from "@/components/cockpit/day-bars";
import { SpendMeter } from "@/components/cockpit/spend-meter";
import { UsageTable } from "@/components/cockpit/usage-table";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { loadOverview, type PeriodSpend } from "@/lib/domain/cockpit/load-overview";
import { db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { formatUsd } from "@/lib/foundation/money/micros";
import { listProviders } from "@/lib/engines/providers/registry";
import type { UsageBucket } from "@/lib/domain/usage/aggregate-usage";
import { pageUser } from "@/app/(dashboard)/page-user";

export const metadata = { title: "Overview" };

const LINK = "font-medium text-slate-900 underline-offset-2 hover:underline";

function rows(buckets: UsageBucket[], label: (key: string) => string, href?: (key: string) => string): BreakdownRow[] {
  return buckets.map((b) => ({
    key: b.key ?? "-",
    label: b.label ?? label(b.key ?? "(none)"),
    costMicros: b.totals.costMicros,
    requests: b.totals.requests,
    href: href && b.key ? href(b.key) : undefined,
  }));
}

function PeriodCard({
  title,
  period,
  names,
  testId,
}: {
  title: string;
  period: PeriodSpend;
  names: Record<string, string>;
  testId: string;
}) {
  const total = period.totals.costMicros;
  return (
    <Card title={title}>
      <div data-testid={testId}>
        <p className="text-3xl font-semibold tabular-nums text-slate-900">{formatUsd(total)}</p>
        <p className="text-sm text-slate-500">
          {period.totals.requests.toLocaleString("en-US")} request{period.totals.requests === 1 ? "" : "s"}
        </p>
        <div className="mt-4 grid gap-4 sm:grid-cols-3">
          <Breakdown title="By provider" rows={rows(period.byProvider, (k) => names[k] ?? k)} totalMicros={total} />
          <Breakdown title="By model" rows={rows(period.byModel, (k) => k)} totalMicros={total} />
          <Breakdown
            title="By app"
            rows={rows(
              period.byApp,
              (k) => k,
              (k) => `/grants/${k}`,
            )}
            totalMicros={total}
          />
        </div>
      </div>
    </Card>
  );
}

export default async function OverviewPage() {
  const user = await pageUser();
  const o = await loadOverview(db(), user.id);
  const names = Object.fromEntries(listProviders().map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader title="Overview" description="Who is spending what, on which model, and how close each app is to its cap." />
      {o.keyCount === 0 && (
        <Card
          title="Start here: add a provider key"
          description="Paste an API key from OpenAI, Anthropic or another provider. It is encrypted at rest and never shown again."
        >
          <Link href="/keys" className="inline-flex rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
            Add a provider key
          </Link>
        </Card>
      )}
      {o.grantCount === 0 && (
        <Card
          title="Connect your first app"
          description="Apps never see your keys: they ask this vault for access and get a scoped, metered token."
        >
          <ConnectApp vaultUrl={env().publicUrl} />
        </Card>
      )}
      {o.pending.length > 0 && (
        <Card
          title="Waiting for your approval"
          actions={
            <Link href="/requests" className={LINK}>
              All requests
            </Link>
          }
        >
          <ul className="divide-y divide-slate-100" data-testid="overview-pending">
            {o.pending.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0">
                  <span className="break-all font-medium text-slate-900">{r.client_name}</span>
                  <span className="ml-2 text-slate-500">{r.providers.map((p) => names[p.provider] ?? p.provider).join(", ")}</span>
                </span>
                <Link
                  href={`/approve/${r.id}`}
                  className="rounded-md bg-slate-900 px-3 py-1 text-sm font-medium text-white hover:bg-slate-700"
                >
                  Review
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {o.grantCount > 0 && (
        <>
          <PeriodCard title="Today (UTC)" period={o.today} names={names} testId="spend-today" />
          <PeriodCard title="This month (UTC)" period={o.month} names={names} testId="spend-month" />
          <Card title="Last 30 days" description="Spend per day (UTC).">
            <DayBars days={o.days} label="Spend over the last 30 days" />
          </Card>
          <Card
            title="Closest to their caps"
            actions={
              <Link href="/grants" className={LINK}>
                All grants
              </Link>
            }
          >
            {o.nearCap.length === 0 ? (
              <p className="text-sm text-slate-500">No live grant has a cap.</p>
            ) : (
              <ul className="grid gap-x-8 gap-y-4 md:grid-cols-2" data-testid="near-cap">
                {o.nearCap.map((n) => (
                  <li key={`${n.grantId}-${n.provider}-${n.period}`}>
                    <Link href={`/grants/${n.grantId}`} className="mb-1 block truncate text-sm font-medium text-slate-900 hover:underline">
                      {n.clientName} <span className="font-normal text-slate-500">· {names[n.provider] ?? n.provider}</span>
                    </Link>
                    <SpendMeter label={n.period === "month" ? "This month" : "Today"} usedMicros={n.usedMicros} capMicros={n.capMicros} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card
            title="Recent requests"
            actions={
              <Link href="/usage" className={LINK}>
                All usage
              </Link>
            }
          >
            <UsageTable events={o.recent} providerNames={names} />
          </Card>
        </>
      )}
    </>
  );
}
