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
import type { CredentialView } from "@/lib/domain/credentials/schemas";

type Notice = { tone: "error" | "success"; message: string } | null;

const VALUE_HINTS = {
  api_key: "the token or key",
  basic: "user:password",
  oauth2: '{"access_token": "...", "refresh_token": "...", "token_url": "..."}',
} as const;

export function CredentialsClient({ initial }: { initial: CredentialView[] }) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice>(null);
  const [, startTransition] = useTransition();
  const refresh = (message: string) => {
    setNotice({ tone: "success", message });
    startTransition(() => router.refresh());
  };
  return (
    <div className="space-y-6">
      {notice && <Alert tone={notice.tone}>{notice.message}</Alert>}
      <AddCredentialForm onAdded={(c) => refresh(`Saved ${c.name}${c.account ? ` (${c.account})` : ""}.`)} />
      <Card title="Stored credentials" description={initial.length ? undefined : "None yet. Add one above; apps never see it."}>
        {initial.length > 0 && (
          <ul className="divide-y divide-slate-100" data-testid="credential-list">
            {initial.map((c) => (
              <CredentialRow key={c.id} item={c} onChanged={refresh} onError={(message) => setNotice({ tone: "error", message })} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function AddCredentialForm({ onAdded }: { onAdded: (c: CredentialView) => void }) {
  const api = useApi();
  const [kind, setKind] = useState<keyof typeof VALUE_HINTS>("api_key");
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    setBusy(true);
    setError(null);
    const result = await api<CredentialView>("POST", "/api/ui/credentials", {
      name: text("name"),
      kind,
      destinations: text("destinations")
        .split(/[\s,]+/)
        .filter(Boolean),
      account: text("account") || null,
      label: text("label") || null,
      value: String(form.get("value") ?? ""),
    });
    setBusy(false);
    if (!result.ok) return setError({ message: result.message, field: result.field?.split(".")[0] });
    formElement.reset();
    onAdded(result.data);
  }

  const fieldError = (name: string) => (error?.field === name ? error.message : undefined);
  return (
    <Card title="Add a credential">
      <form onSubmit={submit} className="grid gap-4 md:grid-cols-2" autoComplete="off" noValidate>
        <Field label="Name" hint="upper case, as apps write it: {{GITHUB_TOKEN}}" error={fieldError("name")}>
          <Input name="name" placeholder="GITHUB_TOKEN" maxLength={64} spellCheck={false} />
        </Field>
        <Field label="Kind">
          <Select name="kind" value={kind} onChange={(e) => setKind(e.target.value as keyof typeof VALUE_HINTS)}>
            <option value="api_key">API key or token</option>
            <option value="basic">Basic (user:password)</option>
            <option value="oauth2">OAuth2 tokens (JSON)</option>
          </Select>
        </Field>
        <Field
          label="Destinations"
          hint="origins it may be sent to: api.github.com, *.atlassian.net, http://127.0.0.1:9999"
          error={fieldError("destinations")}
        >
          <Input name="destinations" placeholder="api.github.com" spellCheck={false} />
        </Field>
        <Field label="Account (optional)" hint="to keep several of one name" error={fieldError("account")}>
          <Input name="account" placeholder="work@example.com" maxLength={128} />
        </Field>
        <Field
          label="Value"
          hint={`${VALUE_HINTS[kind]}; only the last 4 characters are shown again`}
          error={fieldError("value") ?? fieldError("access_token")}
        >
          <Input name="value" type="password" autoComplete="off" spellCheck={false} />
        </Field>
        <Field label="Label (optional)" error={fieldError("label")}>
          <Input name="label" maxLength={64} />
        </Field>
        <div className="md:col-span-2">
          <Button type="submit" disabled={busy}>
            {busy ? "Saving…" : "Save credential"}
          </Button>
        </div>
        {error && !["name", "destinations", "account", "value", "label", "access_token"].includes(error.field ?? "") && (
          <div className="md:col-span-2">
            <Alert tone="error">{error.message}</Alert>
          </div>
        )}
      </form>
    </Card>
  );
}

function CredentialRow({
  item,
  onChanged,
  onError,
}: {
  item: CredentialView;
  onChanged: (m: string) => void;
  onError: (m: string) => void;
}) {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  async function remove() {
    setBusy(true);
    const result = await api("DELETE", `/api/ui/credentials/${item.id}`);
    setBusy(false);
    setConfirming(false);
    if (!result.ok) return onError(result.message);
    onChanged(`Deleted ${item.name}.`);
  }
  return (
    <li className="py-3" data-testid={`credential-${item.name}`}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono font-medium text-slate-900">{item.name}</span>
            <Badge>{item.kind}</Badge>
            {item.account && <span className="text-slate-700">{item.account}</span>}
            {item.last4 ? <code className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">••••{item.last4}</code> : null}
            {item.grants_using > 0 && (
              <Badge tone="blue">
                {item.grants_using} live grant{item.grants_using === 1 ? "" : "s"}
              </Badge>
            )}
          </p>
          <p className="mt-0.5 break-words text-xs text-slate-500">
            {item.destinations.join(", ")} · added <LocalTime iso={item.created_at} dateOnly />
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
        {confirming ? (
          <div className="flex items-center gap-2 text-sm">
            <span className="text-slate-700">Delete {item.name}?</span>
            <Button variant="danger" disabled={busy} onClick={remove}>
              Delete
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        ) : (
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            Delete
          </Button>
        )}
      </div>
    </li>
  );
}
