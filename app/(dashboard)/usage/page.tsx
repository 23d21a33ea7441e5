import { BucketTable } from "@/components/cockpit/bucket-table";
import { DayBars } from "@/components/cockpit/day-bars";
import { Pager } from "@/components/cockpit/pager";
import { UsageFilterForm } from "@/components/cockpit/usage-filter-form";
import { UsageTable } from "@/components/cockpit/usage-table";
import { UsageTotalsCard } from "@/components/cockpit/usage-totals-card";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/foundation/db/client";
import { listProviders } from "@/lib/engines/providers/registry";
import { usageBuckets, usageTotals } from "@/lib/domain/usage/aggregate-usage";
import { dailySpend } from "@/lib/domain/usage/daily-spend";
import { listUsagePage } from "@/lib/domain/usage/list-usage-page";
import { modelsUsed } from "@/lib/domain/usage/models-used";
import { parseUsageSearch } from "@/lib/domain/usage/parse-usage-search";
import { pageUser } from "@/app/(dashboard)/page-user";

export const metadata = { title: "Usage" };

const BUTTON = "rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50";

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser();
  const { filter, raw, problem } = parseUsageSearch(await searchParams, 50);
  const { page, limit, cursor, ...where } = filter;
  const [totals, byProvider, byModel, byApp, days, events, models, apps] = await Promise.all([
    usageTotals(db(), user.id, where),
    usageBuckets(db(), user.id, where, "provider"),
    usageBuckets(db(), user.id, where, "model"),
    usageBuckets(db(), user.id, where, "grant"),
    dailySpend(db(), user.id, 30, new Date(), { grant_id: where.grant_id, provider: where.provider, model: where.model }),
    listUsagePage(db(), user.id, where, { page, limit, cursor }),
    modelsUsed(db(), user.id),
    db().grant.findMany({ where: { userId: user.id }, select: { id: true, clientName: true }, orderBy: { createdAt: "desc" } }),
  ]);
  const providers = listProviders().map((p) => ({ id: p.id, name: p.name }));
  const names = Object.fromEntries(providers.map((p) => [p.id, p.name]));
  const filters = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== "page" && k !== "cursor"));
  const exportLink = (format: string) => `/api/ui/usage/export?${new URLSearchParams({ ...filters, format })}`;
  return (
    <>
      <PageHeader
        title="Usage"
        description="Every proxied request, as the providers metered it. Filter by app, provider, model and dates (UTC); exports are safe to open in a spreadsheet."
        actions={
          <div className="flex gap-2 text-sm">
            <a className={BUTTON} href={exportLink("csv")}>
              Export CSV
            </a>
            <a className={BUTTON} href={exportLink("json")}>
              Export JSON
            </a>
          </div>
        }
      />
      {problem && <Alert tone="warning">{problem}: showing everything.</Alert>}
      <UsageFilterForm
        action="/usage"
        values={raw}
        choices={{ apps: apps.map((a) => ({ id: a.id, name: `${a.clientName} (${a.id.slice(-4)})` })), providers, models }}
      />
      <UsageTotalsCard totals={totals} />
      <Card title="Last 30 days" description="Spend per day (UTC) for the app, provider and model chosen above.">
        <DayBars days={days} label="Spend over the last 30 days" />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="By provider">
          <BucketTable buckets={byProvider} label={(b) => names[b.key ?? ""] ?? b.key ?? "-"} testId="by-provider" />
        </Card>
        <Card title="By app">
          <BucketTable
            buckets={byApp}
            label={(b) => b.label ?? b.key ?? "-"}
            href={(b) => (b.key ? `/grants/${b.key}` : null)}
            testId="by-app"
          />
        </Card>
      </div>
      <Card title="By model">
        <BucketTable buckets={byModel} label={(b) => b.key ?? "(no model)"} testId="by-model" />
      </Card>
      <Card title="Requests">
        <UsageTable events={events.data} providerNames={names} />
        <Pager
          total={events.total}
          page={events.page}
          limit={events.limit}
          base="/usage"
          params={filters}
          noun="request"
          older={events.older}
          newer={events.newer}
        />
      </Card>
    </>
  );
}
