import { notFound } from "next/navigation";
import { DayBars } from "@/components/cockpit/day-bars";
import { Pager } from "@/components/cockpit/pager";
import { UsageFilterForm } from "@/components/cockpit/usage-filter-form";
import { UsageTable } from "@/components/cockpit/usage-table";
import { GrantStatusBadge } from "@/components/grants/grant-status-badge";
import { ScopeSummary } from "@/components/grants/scope-summary";
import { ApiScopeSummary } from "@/components/grants/api-scope-summary";
import { ApiCallTable } from "@/components/credentials/api-call-table";
import { listApiCalls } from "@/lib/domain/api-calls/list-api-calls";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { db } from "@/lib/foundation/db/client";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { findGrantOrThrow } from "@/lib/domain/grants/find-grant-or-throw";
import { listProviders } from "@/lib/engines/providers/registry";
import { dailySpend } from "@/lib/domain/usage/daily-spend";
import { listUsagePage } from "@/lib/domain/usage/list-usage-page";
import { modelsUsed } from "@/lib/domain/usage/models-used";
import { parseUsageSearch } from "@/lib/domain/usage/parse-usage-search";
import { pageUser } from "@/app/(dashboard)/page-user";
import { GrantActions } from "@/app/(dashboard)/grants/[id]/grant-actions";
import { GrantEditForm } from "@/app/(dashboard)/grants/[id]/grant-edit-form";

export const metadata = { title: "Grant" };

async function loadGrant(userId: string, id: string) {
  try {
    return await findGrantOrThrow(db(), userId, id);
  } catch (error) {
    if (isVaultError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function GrantPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await pageUser();
  const grant = await loadGrant(user.id, (await params).id);
  const { filter, raw, problem } = parseUsageSearch(await searchParams, 25);
  const { page, limit, cursor, ...where } = filter;
  const [days, log, models, calls] = await Promise.all([
    dailySpend(db(), user.id, 30, new Date(), { grant_id: grant.id }),
    listUsagePage(db(), user.id, { ...where, grant_id: grant.id }, { page, limit, cursor }),
    modelsUsed(db(), user.id, { grant_id: grant.id }),
    grant.api_scopes.length ? listApiCalls(db(), user.id, { grant_id: grant.id, limit: 50 }) : null,
  ]);
  const names = Object.fromEntries(listProviders().map((p) => [p.id, p.name]));
  const tokens = grant.tokens.filter((t) => !t.revoked_at);
  const filters = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== "page" && k !== "cursor"));
  return (
    <>
      <PageHeader
        title={grant.client_name}
        description={
          <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <GrantStatusBadge status={grant.status} />
            <span>{grant.client_url ?? "no app URL given"}</span>
            <span>
              · granted <LocalTime iso={grant.created_at} dateOnly />
            </span>
            <span>
              · {grant.status === "expired" ? "expired" : "expires"} <LocalTime iso={grant.expires_at} />
            </span>
          </span>
        }
      />
      <Card title="Access" description="What the app may use, and its spend against each cap (UTC month and day).">
        <div className="space-y-5">
          {grant.scopes.map((s) => (
            <ScopeSummary key={s.id} scope={s} providerName={names[s.provider] ?? s.provider} grantId={grant.id} />
          ))}
          {grant.api_scopes.map((s) => (
            <ApiScopeSummary key={s.id} scope={s} />
          ))}
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="text-slate-500">Token</dt>
            <dd className="font-mono" data-testid="token-last4">
              {tokens.length
                ? tokens.map((t) => `okap_…${t.last4}`).join(", ")
                : grant.tokens.length
                  ? "revoked"
                  : "not delivered to the app yet"}
            </dd>
            <dt className="text-slate-500">Last used</dt>
            <dd>{grant.last_used_at ? <LocalTime iso={grant.last_used_at} /> : "never"}</dd>
            <dt className="text-slate-500">Grant id</dt>
            <dd className="font-mono text-xs">{grant.id}</dd>
          </dl>
          <GrantActions id={grant.id} name={grant.client_name} status={grant.status} />
        </div>
      </Card>
      {grant.status !== "revoked" && (
        <Card
          title="Limits and expiry"
          description="Raise or lower any limit, or move the expiry; a blank limit is removed. Applies within a second."
        >
          <GrantEditForm grant={grant} providerNames={names} />
        </Card>
      )}
      {calls && (
        <Card
          title="API calls"
          description={`The newest of ${calls.total} call${calls.total === 1 ? "" : "s"} through the credential proxy, refused ones included.`}
        >
          <ApiCallTable calls={calls.data} showGrant={false} />
        </Card>
      )}
      <Card title="Usage over the last 30 days" description="Spend per day (UTC).">
        <DayBars days={days} label={`Spend of ${grant.client_name} over the last 30 days`} />
      </Card>
      <Card title="Requests">
        <div className="space-y-4">
          {problem && <Alert tone="warning">{problem}: showing every request.</Alert>}
          <UsageFilterForm action={`/grants/${grant.id}`} values={raw} choices={{ models }} showOutcome />
          <UsageTable events={log.data} showApp={false} providerNames={names} />
        </div>
        <Pager
          total={log.total}
          page={log.page}
          limit={log.limit}
          base={`/grants/${grant.id}`}
          params={filters}
          noun="request"
          older={log.older}
          newer={log.newer}
        />
      </Card>
    </>
  );
}
