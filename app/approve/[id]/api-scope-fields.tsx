"use client";

import { Field, Input, Select } from "@/components/ui/field";
import type { AccessRequestView } from "@/lib/domain/access-requests/list-access-requests";

export type CredentialOption = { id: string; name: string; account: string | null; last4: string };
export type ApiChoice = {
  included: boolean;
  /** credential name -> the chosen credential id (the account) */
  picks: Record<string, string>;
  methods: string[];
  pathPrefixes: string;
  rpm: string;
  rpd: string;
};

type ApiEntry = AccessRequestView["apis"][number];

const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];
const READ_ONLY = ["GET", "HEAD", "OPTIONS"];

/** The default pick per credential name: the default account, else the first. */
export function initialPicks(options: CredentialOption[]): Record<string, string> {
  const picks: Record<string, string> = {};
  for (const o of options) if (!picks[o.name] || o.account === null) picks[o.name] = o.id;
  return picks;
}

/**
 * One api_access entry: the hosts, the credentials the vault would send there (the owner picks the
 * account when a name has several), and the owner's narrowing: methods, path prefixes, rate limits.
 */
export function ApiScopeFields({
  entry,
  index,
  options,
  choice,
  excludable,
  extension = false,
  onChange,
}: {
  entry: ApiEntry;
  index: number;
  options: CredentialOption[];
  choice: ApiChoice;
  excludable: boolean;
  /** An on-demand request: one more host for an existing wildcard grant (its methods and limits stay). */
  extension?: boolean;
  onChange: (c: ApiChoice) => void;
}) {
  const wildcard = entry.hosts.includes("*");
  const names = [...new Set(options.map((o) => o.name))];
  const methodOptions = entry.methods.length ? entry.methods : ALL_METHODS;
  return (
    <section
      className={`space-y-4 rounded-lg border border-slate-200 p-5 shadow-sm ${choice.included ? "bg-white" : "bg-slate-50"}`}
      data-testid={`api-scope-${index}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className={`text-lg font-semibold ${choice.included ? "text-slate-900" : "text-slate-500 line-through"}`}>
          {extension ? "One more host for this app's grant" : "API access"}
        </h2>
        {excludable && (
          <label className="flex items-center gap-1.5 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={choice.included}
              onChange={(e) => onChange({ ...choice, included: e.target.checked })}
              aria-label={`Include API access ${index + 1} in the grant`}
            />
            Include in the grant
          </label>
        )}
      </div>
      <div>
        <p className="text-sm font-medium text-slate-700">Hosts</p>
        {wildcard ? (
          <p className="mt-1 text-sm font-semibold text-amber-800" data-testid="wildcard-hosts">
            Any host, each one approved by you when the app first calls it
          </p>
        ) : (
          <ul className="mt-1 flex flex-wrap gap-2" data-testid="api-hosts">
            {entry.hosts.map((h) => (
              <li key={h} className="break-all rounded bg-slate-100 px-2 py-0.5 font-mono text-sm text-slate-800">
                {h}
              </li>
            ))}
          </ul>
        )}
      </div>
      {choice.included && (
        <>
          <div data-testid="api-credentials">
            <p className="text-sm font-medium text-slate-700">Credentials the vault sends (the app never sees them)</p>
            {names.length === 0 ? (
              <p className="mt-1 text-sm text-slate-600">
                {wildcard ? "Chosen per host when you approve it." : "None of your credentials is bound to these hosts."}
              </p>
            ) : (
              <ul className="mt-1 space-y-2">
                {names.map((name) => {
                  const accounts = options.filter((o) => o.name === name);
                  return (
                    <li key={name} className="flex flex-wrap items-center gap-2 text-sm">
                      <span className="font-mono font-semibold text-slate-900">{name}</span>
                      {accounts.length > 1 ? (
                        <Select
                          value={choice.picks[name] ?? ""}
                          onChange={(e) => onChange({ ...choice, picks: { ...choice.picks, [name]: e.target.value } })}
                          aria-label={`${name} account`}
                          className="w-auto"
                        >
                          {accounts.map((a) => (
                            <option key={a.id} value={a.id}>
                              {a.account ?? "default account"}
                              {a.last4 ? ` (…${a.last4})` : ""}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        <span className="text-slate-600">
                          {accounts[0]!.account ?? "default account"}
                          {accounts[0]!.last4 ? ` (…${accounts[0]!.last4})` : ""}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
          {extension ? (
            <p className="text-sm text-slate-600">The grant keeps its methods, paths and limits; only this host is added.</p>
          ) : (
            <MethodsAndLimits entry={entry} index={index} choice={choice} methodOptions={methodOptions} onChange={onChange} />
          )}
        </>
      )}
    </section>
  );
}

function MethodsAndLimits({
  entry,
  index,
  choice,
  methodOptions,
  onChange,
}: {
  entry: ApiEntry;
  index: number;
  choice: ApiChoice;
  methodOptions: readonly string[];
  onChange: (c: ApiChoice) => void;
}) {
  return (
    <>
      <div>
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm font-medium text-slate-700">Methods</p>
          <button
            type="button"
            className="text-xs font-medium text-slate-700 underline"
            onClick={() => onChange({ ...choice, methods: methodOptions.filter((m) => READ_ONLY.includes(m)) })}
          >
            read-only
          </button>
        </div>
        <ul className="mt-1 flex flex-wrap gap-3">
          {methodOptions.map((m) => (
            <li key={m}>
              <label className="flex items-center gap-1.5 font-mono text-sm">
                <input
                  type="checkbox"
                  checked={choice.methods.includes(m)}
                  onChange={(e) =>
                    onChange({ ...choice, methods: e.target.checked ? [...choice.methods, m] : choice.methods.filter((v) => v !== m) })
                  }
                />
                {m}
              </label>
            </li>
          ))}
        </ul>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Path prefixes" hint="e.g. /repos/acme, /user (empty: every path)">
          <Input
            name={`api.${index}.path_prefixes`}
            value={choice.pathPrefixes}
            placeholder="every path"
            onChange={(e) => onChange({ ...choice, pathPrefixes: e.target.value })}
          />
        </Field>
        <Field
          label="Requests per minute"
          hint={entry.limits.requests_per_minute ? `requested: ${entry.limits.requests_per_minute}` : "not requested"}
        >
          <Input
            name={`api.${index}.requests_per_minute`}
            inputMode="numeric"
            value={choice.rpm}
            placeholder="vault default"
            onChange={(e) => onChange({ ...choice, rpm: e.target.value })}
          />
        </Field>
        <Field
          label="Requests per day"
          hint={entry.limits.requests_per_day ? `requested: ${entry.limits.requests_per_day}` : "not requested"}
        >
          <Input
            name={`api.${index}.requests_per_day`}
            inputMode="numeric"
            value={choice.rpd}
            placeholder="no limit"
            onChange={(e) => onChange({ ...choice, rpd: e.target.value })}
          />
        </Field>
      </div>
    </>
  );
}

/** The approve body's api_entries: only what the owner changed or picked. */
export function toApiChoices(request: AccessRequestView, choices: ApiChoice[]) {
  return request.apis.map((entry, index) => {
    const c = choices[index]!;
    if (!c.included) return { index, excluded: true };
    const whole = (v: string) => (v.trim() === "" ? null : Number(v.trim()));
    const prefixes = c.pathPrefixes
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const methodOptions = entry.methods.length ? entry.methods : ALL_METHODS;
    return {
      index,
      credential_ids: Object.values(c.picks),
      methods: c.methods.length === methodOptions.length ? null : c.methods,
      path_prefixes: prefixes.length ? prefixes : null,
      limits: { requests_per_minute: whole(c.rpm), requests_per_day: whole(c.rpd) },
    };
  });
}

export function initialApiChoice(entry: ApiEntry, options: CredentialOption[]): ApiChoice {
  return {
    included: true,
    picks: initialPicks(options),
    methods: entry.methods.length ? entry.methods : ALL_METHODS,
    pathPrefixes: "",
    rpm: entry.limits.requests_per_minute ? String(entry.limits.requests_per_minute) : "",
    rpd: entry.limits.requests_per_day ? String(entry.limits.requests_per_day) : "",
  };
}
