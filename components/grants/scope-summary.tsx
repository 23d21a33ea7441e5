import { SpendMeter } from "@/components/cockpit/spend-meter";
import { ContainmentNotice } from "@/components/grants/containment-notice";
import type { GrantView } from "@/lib/domain/grants/grant-view";

type Scope = GrantView["scopes"][number];

function rateLimits(limits: Record<string, number>): string {
  const parts = [
    limits.requests_per_minute ? `${limits.requests_per_minute}/min` : null,
    limits.requests_per_day ? `${limits.requests_per_day}/day` : null,
    limits.tokens_per_request ? `${limits.tokens_per_request.toLocaleString("en-US")} tokens/request` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "no rate limit";
}

/** One grant entry: provider, models, rate limits, and spend against the monthly and daily caps. */
export function ScopeSummary({ scope, providerName, grantId }: { scope: Scope; providerName: string; grantId?: string }) {
  const { month, day } = scope.spend;
  return (
    <div className="space-y-2" data-testid={`scope-${scope.provider}`}>
      <p className="text-sm">
        <span className="font-medium text-slate-900">{providerName}</span>
        <span className="text-slate-500">
          {" "}
          · {scope.models.length ? scope.models.join(", ") : "all models"} · {rateLimits(scope.limits)}
        </span>
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <SpendMeter
          label="This month"
          usedMicros={String(BigInt(month.committed_micros) + BigInt(month.held_micros))}
          capMicros={month.cap_micros}
        />
        <SpendMeter label="Today" usedMicros={String(BigInt(day.committed_micros) + BigInt(day.held_micros))} capMicros={day.cap_micros} />
      </div>
      {scope.contained &&
        (grantId ? (
          <ContainmentNotice grantId={grantId} since={scope.contained.since} requestId={scope.contained.request_id} />
        ) : (
          <p className="text-sm text-amber-800">One request at a time: a request cost more than the vault reserved for it.</p>
        ))}
    </div>
  );
}
