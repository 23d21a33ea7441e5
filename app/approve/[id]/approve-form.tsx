"use client";

import { useState } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { AccessRequestView } from "@/lib/domain/access-requests/list-access-requests";
import type { GrantDefaultsView } from "@/lib/domain/grants/grant-defaults";
import { ScopeFields, type KeyOption, type ScopeChoice } from "@/app/approve/[id]/scope-fields";
import { ApiScopeFields, initialApiChoice, toApiChoices, type ApiChoice, type CredentialOption } from "@/app/approve/[id]/api-scope-fields";

type Props = {
  request: AccessRequestView;
  keys: KeyOption[];
  defaults: GrantDefaultsView;
  providerNames: Record<string, string>;
  confirmCallback: boolean;
  /** Per api_access entry: the credentials it could use (all accounts). */
  apiOptions: CredentialOption[][];
};

function initialExpiry(request: AccessRequestView, defaults: GrantDefaultsView): string {
  const asked = [...request.providers, ...request.apis]
    .map((p) => p.expires)
    .filter((e): e is string => e !== null)
    .sort()[0];
  return (asked ?? new Date(Date.now() + defaults.expires_in_days * 86_400_000).toISOString()).slice(0, 10);
}

/** Only what the owner changed is sent: the server fills in the request and the defaults itself. */
function toChoices(request: AccessRequestView, choices: Record<string, ScopeChoice>) {
  return request.providers.map((p) => {
    const c = choices[p.provider]!;
    if (!c.included) return { provider: p.provider, excluded: true };
    const limits = Object.fromEntries(
      Object.entries(c.limits)
        .filter(([, v]) => v !== undefined && v.trim() !== "")
        .map(([k, v]) => [k, k.endsWith("_spend") || !Number.isFinite(Number(v)) ? v!.trim() : Number(v)]),
    );
    return {
      provider: p.provider,
      provider_key_id: c.keyId || null,
      models: p.models.length ? c.models : null,
      capabilities: c.capabilities,
      limits,
    };
  });
}

export function ApproveForm({ request, keys, defaults, providerNames, confirmCallback, apiOptions }: Props) {
  const api = useApi();
  const [apiChoices, setApiChoices] = useState<ApiChoice[]>(() => request.apis.map((e, i) => initialApiChoice(e, apiOptions[i] ?? [])));
  const [choices, setChoices] = useState<Record<string, ScopeChoice>>(() =>
    Object.fromEntries(
      request.providers.map((p) => [
        p.provider,
        {
          included: true,
          keyId: keys.find((k) => k.provider === p.provider)?.id ?? "",
          models: p.models,
          capabilities: p.capabilities,
          limits: {},
        },
      ]),
    ),
  );
  const [expiry, setExpiry] = useState(() => initialExpiry(request, defaults));
  const [expiryTouched, setExpiryTouched] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [denyReason, setDenyReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function decide(kind: "approve" | "deny") {
    setBusy(true);
    setError(null);
    const body =
      kind === "approve"
        ? {
            entries: toChoices(request, choices),
            api_entries: toApiChoices(request, apiChoices),
            expires_at: expiryTouched ? expiry : null,
            confirm_callback: confirmCallback ? confirmed : null,
          }
        : { reason: denyReason.trim() || null };
    const result = await api<{ next: string }>("POST", `/api/ui/requests/${request.id}/${kind}`, body);
    if (!result.ok) {
      setBusy(false);
      return setError(result.message);
    }
    window.location.assign(result.data.next);
  }

  const included = request.providers.filter((p) => choices[p.provider]!.included);
  const apiIncluded = apiChoices.filter((c) => c.included);
  const nothingPicked =
    included.length + apiIncluded.length === 0 ||
    apiIncluded.some((c) => c.methods.length === 0) ||
    included.some(
      (p) => (p.models.length > 0 && choices[p.provider]!.models.length === 0) || choices[p.provider]!.capabilities.length === 0,
    );
  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        void decide("approve");
      }}
      noValidate
    >
      {error && <Alert tone="error">{error}</Alert>}
      {request.providers.map((p) => (
        <ScopeFields
          key={p.provider}
          entry={p}
          name={providerNames[p.provider] ?? p.provider}
          keys={keys.filter((k) => k.provider === p.provider)}
          defaults={defaults}
          choice={choices[p.provider]!}
          excludable={request.providers.length + request.apis.length > 1}
          onChange={(c) => setChoices({ ...choices, [p.provider]: c })}
        />
      ))}
      {request.apis.map((entry, index) => (
        <ApiScopeFields
          key={`api-${index}`}
          entry={entry}
          index={index}
          options={apiOptions[index] ?? []}
          choice={apiChoices[index]!}
          excludable={request.providers.length + request.apis.length > 1}
          extension={request.extends_grant !== null}
          onChange={(c) => setApiChoices(apiChoices.map((old, i) => (i === index ? c : old)))}
        />
      ))}
      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <Field
          label="Access ends on"
          hint={
            [...request.providers, ...request.apis].some((p) => p.expires)
              ? "as requested; you can shorten it"
              : `not requested: the vault default (${defaults.expires_in_days} days)`
          }
        >
          <Input
            type="date"
            name="expires"
            value={expiry}
            onChange={(e) => {
              setExpiry(e.target.value);
              setExpiryTouched(true);
            }}
          />
        </Field>
        {confirmCallback && (
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} className="mt-0.5" />I trust the
            site the browser goes back to, although it differs from the app address.
          </label>
        )}
        <div className="flex flex-wrap items-end gap-3">
          <Button type="submit" disabled={busy || nothingPicked || (confirmCallback && !confirmed)}>
            Approve
          </Button>
          <div className="flex min-w-64 flex-1 items-end gap-2">
            <Input
              name="deny_reason"
              placeholder="Reason for the app (optional)"
              maxLength={300}
              value={denyReason}
              onChange={(e) => setDenyReason(e.target.value)}
              aria-label="Reason for denying"
            />
            <Button type="button" variant="danger" disabled={busy} onClick={() => void decide("deny")}>
              Deny
            </Button>
          </div>
        </div>
      </section>
    </form>
  );
}
