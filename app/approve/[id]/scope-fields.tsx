"use client";

import { Field, Input, Select } from "@/components/ui/field";
import type { AccessRequestView } from "@/lib/domain/access-requests/list-access-requests";
import type { GrantDefaultsView } from "@/lib/domain/grants/grant-defaults";

export type KeyOption = { id: string; provider: string; label: string; last4: string };
export type LimitKey = "monthly_spend" | "daily_spend" | "requests_per_minute" | "requests_per_day" | "tokens_per_request";
export type ScopeChoice = {
  included: boolean;
  keyId: string;
  models: string[];
  capabilities: string[];
  limits: Partial<Record<LimitKey, string>>;
};

type Entry = AccessRequestView["providers"][number];

const LIMITS: { key: LimitKey; label: string; money: boolean; fallback: (d: GrantDefaultsView) => number | null }[] = [
  { key: "monthly_spend", label: "Monthly spend cap (USD)", money: true, fallback: (d) => d.monthly_spend },
  { key: "daily_spend", label: "Daily spend cap (USD)", money: true, fallback: (d) => d.daily_spend },
  { key: "requests_per_minute", label: "Requests per minute", money: false, fallback: (d) => d.requests_per_minute },
  { key: "requests_per_day", label: "Requests per day", money: false, fallback: () => null },
  { key: "tokens_per_request", label: "Tokens per request", money: false, fallback: () => null },
];

/** The requested values, each one a checkbox: the owner can only take some away. */
function CheckboxList({
  options,
  checked,
  mono = false,
  onChange,
}: {
  options: string[];
  checked: string[];
  mono?: boolean;
  onChange: (next: string[]) => void;
}) {
  return (
    <ul className="mt-1 flex flex-wrap gap-3">
      {options.map((value) => (
        <li key={value}>
          <label className={`flex items-center gap-1.5 text-sm ${mono ? "font-mono" : ""}`}>
            <input
              type="checkbox"
              checked={checked.includes(value)}
              onChange={(e) => onChange(e.target.checked ? [...checked, value] : checked.filter((v) => v !== value))}
            />
            {value}
          </label>
        </li>
      ))}
    </ul>
  );
}

/**
 * One provider of the request: its models, capabilities, key and limits, each only tightenable. Of a
 * request for several providers (`excludable`), the owner can also leave this one out.
 */
export function ScopeFields({
  entry,
  name,
  keys,
  defaults,
  choice,
  excludable,
  onChange,
}: {
  entry: Entry;
  name: string;
  keys: KeyOption[];
  defaults: GrantDefaultsView;
  choice: ScopeChoice;
  excludable: boolean;
  onChange: (c: ScopeChoice) => void;
}) {
  return (
    <section
      className={`space-y-4 rounded-lg border border-slate-200 p-5 shadow-sm ${choice.included ? "bg-white" : "bg-slate-50"}`}
      data-testid={`scope-${entry.provider}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className={`text-lg font-semibold ${choice.included ? "text-slate-900" : "text-slate-500 line-through"}`}>{name}</h2>
        {excludable && (
          <label className="flex items-center gap-1.5 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={choice.included}
              onChange={(e) => onChange({ ...choice, included: e.target.checked })}
              aria-label={`Include ${name} in the grant`}
            />
            Include in the grant
          </label>
        )}
      </div>
      {choice.included ? (
        <ScopeChoices entry={entry} name={name} keys={keys} defaults={defaults} choice={choice} onChange={onChange} />
      ) : (
        <p className="text-sm text-slate-600">Left out: the app gets no access to {name}.</p>
      )}
    </section>
  );
}

function ScopeChoices({
  entry,
  name,
  keys,
  defaults,
  choice,
  onChange,
}: {
  entry: Entry;
  name: string;
  keys: KeyOption[];
  defaults: GrantDefaultsView;
  choice: ScopeChoice;
  onChange: (c: ScopeChoice) => void;
}) {
  return (
    <>
      <div>
        <p className="text-sm font-medium text-slate-700">Models</p>
        {entry.models.length === 0 ? (
          <p className="mt-1 text-sm font-semibold text-amber-800" data-testid="all-models">
            All models, including future ones
          </p>
        ) : (
          <CheckboxList options={entry.models} checked={choice.models} mono onChange={(models) => onChange({ ...choice, models })} />
        )}
      </div>
      <div>
        <p className="text-sm font-medium text-slate-700">Capabilities</p>
        <CheckboxList
          options={entry.capabilities}
          checked={choice.capabilities}
          onChange={(capabilities) => onChange({ ...choice, capabilities })}
        />
      </div>
      {keys.length > 1 && (
        <Field label="Use this key">
          <Select value={choice.keyId} onChange={(e) => onChange({ ...choice, keyId: e.target.value })} aria-label={`${name} key`}>
            {keys.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
                {k.last4 ? ` (…${k.last4})` : ""}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        {LIMITS.map(({ key, label, money, fallback }) => {
          const requested = entry.limits[key];
          const shown = requested ?? fallback(defaults);
          const hint =
            requested !== undefined
              ? `requested: ${money ? `$${requested}` : requested}; you can lower it`
              : shown !== null
                ? "not requested: the vault default"
                : "not requested: no limit";
          return (
            <Field key={key} label={label} hint={hint}>
              <Input
                name={`${entry.provider}.${key}`}
                inputMode="decimal"
                value={choice.limits[key] ?? (shown === null ? "" : String(shown))}
                placeholder={shown === null ? "no limit" : undefined}
                onChange={(e) => onChange({ ...choice, limits: { ...choice.limits, [key]: e.target.value } })}
              />
            </Field>
          );
        })}
      </div>
    </>
  );
}
