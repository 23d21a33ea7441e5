import type { GrantView } from "@/lib/domain/grants/grant-view";

type ApiScope = GrantView["api_scopes"][number];

/** One api_access entry of a grant: hosts, credentials (names and accounts, never values), methods, paths, limits. */
export function ApiScopeSummary({ scope }: { scope: ApiScope }) {
  const limits = [
    scope.limits.requests_per_minute ? `${scope.limits.requests_per_minute}/min` : null,
    scope.limits.requests_per_day ? `${scope.limits.requests_per_day}/day` : null,
  ].filter(Boolean);
  return (
    <div className="space-y-1 text-sm" data-testid={`api-scope-${scope.id}`}>
      <p>
        <span className="font-medium text-slate-900">API access</span>
        <span className="text-slate-500">
          {" "}
          · {scope.methods.length ? scope.methods.join(", ") : "every method"} ·{" "}
          {scope.path_prefixes.length ? scope.path_prefixes.join(", ") : "every path"} ·{" "}
          {limits.length ? limits.join(" · ") : "no rate limit"}
        </span>
      </p>
      <p className="break-all text-slate-700">
        <span className="text-slate-500">Hosts: </span>
        <span className="font-mono">{scope.hosts.length ? scope.hosts.join(", ") : "none yet"}</span>
        {scope.wildcard && <span className="text-amber-800"> (more hosts approved on demand)</span>}
        {scope.refused_hosts.length > 0 && <span className="text-slate-500"> · refused: {scope.refused_hosts.join(", ")}</span>}
      </p>
      <p className="text-slate-700">
        <span className="text-slate-500">Credentials: </span>
        {scope.credentials.length ? scope.credentials.map((c) => `${c.name}${c.account ? ` (${c.account})` : ""}`).join(", ") : "none"}
      </p>
    </div>
  );
}
