"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import type { ProviderKeyView } from "@/lib/domain/provider-keys/schemas";

type Provider = { id: string; name: string; requiresKey: boolean; keyHint: string };
type Notice = { tone: "error" | "success"; message: string } | null;

export function KeysClient({ initialKeys, providers }: { initialKeys: ProviderKeyView[]; providers: Provider[] }) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice>(null);
  const [, startTransition] = useTransition();
  const refresh = (message: string) => {
    setNotice({ tone: "success", message });
    startTransition(() => router.refresh());
  };
  const names = new Map(providers.map((p) => [p.id, p.name]));

  return (
    <div className="space-y-6">
      {notice && <Alert tone={notice.tone}>{notice.message}</Alert>}
      <AddKeyForm providers={providers} onAdded={(k) => refresh(`Saved ${names.get(k.provider)} key "${k.label}".`)} />
      <Card title="Stored keys" description={initialKeys.length ? undefined : "No keys yet. Add one above; apps never see it."}>
        {initialKeys.length > 0 && (
          <ul className="divide-y divide-slate-100" data-testid="key-list">
            {initialKeys.map((key) => (
              <KeyRow
                key={key.id}
                item={key}
                providerName={names.get(key.provider) ?? key.provider}
                requiresKey={providers.find((p) => p.id === key.provider)?.requiresKey ?? true}
                onChanged={refresh}
                onError={(message) => setNotice({ tone: "error", message })}
              />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function AddKeyForm({ providers, onAdded }: { providers: Provider[]; onAdded: (key: ProviderKeyView) => void }) {
  const api = useApi();
  const [provider, setProvider] = useState(providers[0]!.id);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const info = providers.find((p) => p.id === provider)!;

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setError(null);
    const result = await api<ProviderKeyView>("POST", "/api/ui/keys", {
      provider,
      label: String(form.get("label") ?? ""),
      key: String(form.get("key") ?? ""),
    });
    setBusy(false);
    if (!result.ok) return setError({ message: result.message, field: result.field });
    formElement.reset();
    onAdded(result.data);
  }

  return (
    <Card title="Add a key">
      <form onSubmit={submit} className="grid gap-4 md:grid-cols-[12rem_12rem_1fr_auto] md:items-end" autoComplete="off" noValidate>
        <Field label="Provider">
          <Select name="provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Label" error={error?.field === "label" ? error.message : undefined}>
          <Input name="label" placeholder="work" maxLength={64} required />
        </Field>
        <Field label={info.requiresKey ? "API key" : "API key (optional)"} error={error?.field === "key" ? error.message : undefined}>
          <Input name="key" type="password" placeholder={info.keyHint} autoComplete="off" spellCheck={false} />
        </Field>
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save key"}
        </Button>
        {error && !error.field && (
          <div className="md:col-span-4">
            <Alert tone="error">{error.message}</Alert>
          </div>
        )}
      </form>
    </Card>
  );
}

function KeyRow({
  item,
  providerName,
  requiresKey,
  onChanged,
  onError,
}: {
  item: ProviderKeyView;
  providerName: string;
  requiresKey: boolean;
  onChanged: (message: string) => void;
  onError: (message: string) => void;
}) {
  const api = useApi();
  const [mode, setMode] = useState<"view" | "edit" | "confirm-delete">("view");
  const [busy, setBusy] = useState(false);

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const label = String(form.get("label") ?? "");
    const key = String(form.get("key") ?? "");
    const change: { label?: string; key?: string } = {};
    if (label !== item.label) change.label = label;
    if (key) change.key = key;
    if (!change.label && !change.key) return setMode("view");
    setBusy(true);
    const result = await api("PATCH", `/api/ui/keys/${item.id}`, change);
    setBusy(false);
    if (!result.ok) return onError(result.message);
    setMode("view");
    onChanged(change.key ? `Replaced the ${providerName} key "${label}".` : `Renamed to "${label}".`);
  }

  async function remove() {
    setBusy(true);
    const result = await api("DELETE", `/api/ui/keys/${item.id}`);
    setBusy(false);
    setMode("view");
    if (!result.ok) return onError(result.message);
    onChanged(`Deleted the ${providerName} key "${item.label}".`);
  }

  return (
    <li className="py-3" data-testid={`key-${item.id}`}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium text-slate-900">{providerName}</span>
            <span className="text-slate-700">{item.label}</span>
            {item.last4 ? <code className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">••••{item.last4}</code> : null}
            {!requiresKey && !item.last4 && <Badge>no key</Badge>}
            {item.grants_using > 0 && (
              <Badge tone="blue">
                {item.grants_using} live grant{item.grants_using === 1 ? "" : "s"}
              </Badge>
            )}
          </p>
          <p className="mt-0.5 text-xs text-slate-500">
            Added <LocalTime iso={item.created_at} dateOnly />
            {item.updated_at !== item.created_at && (
              <>
                {" · changed "}
                <LocalTime iso={item.updated_at} dateOnly />
              </>
            )}
            {item.last_used_at ? (
              <>
                {" · last used "}
                <LocalTime iso={item.last_used_at} />
              </>
            ) : (
              " · never used"
            )}
          </p>
        </div>
        {mode === "view" && (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setMode("edit")}>
              Edit
            </Button>
            <Button variant="secondary" onClick={() => setMode("confirm-delete")}>
              Delete
            </Button>
          </div>
        )}
        {mode === "confirm-delete" && (
          <div className="flex items-center gap-2 text-sm">
            <span className="text-slate-700">Delete this key?</span>
            <Button variant="danger" disabled={busy} onClick={remove}>
              Delete
            </Button>
            <Button variant="ghost" onClick={() => setMode("view")}>
              Cancel
            </Button>
          </div>
        )}
      </div>
      {mode === "edit" && (
        <form onSubmit={save} className="mt-3 grid gap-3 md:grid-cols-[12rem_1fr_auto_auto] md:items-end" autoComplete="off">
          <Field label="Label">
            <Input name="label" defaultValue={item.label} maxLength={64} required />
          </Field>
          <Field label="New key" hint="Leave empty to keep the current key.">
            <Input name="key" type="password" autoComplete="off" spellCheck={false} />
          </Field>
          <Button type="submit" disabled={busy}>
            Save
          </Button>
          <Button type="button" variant="ghost" onClick={() => setMode("view")}>
            Cancel
          </Button>
        </form>
      )}
    </li>
  );
}
