"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import type { PolicyView } from "@/lib/domain/grants/auto-approve-policy-views";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const optionalNumber = (v: string) => (v === "" ? null : Number.isFinite(Number(v)) ? Number(v) : v);

/** Auto-approve rules (OKAP "headless mode"): list, add, pause/resume, delete. Every auto-approval is audited. */
export function PoliciesForm({ policies, providers }: { policies: PolicyView[]; providers: { id: string; name: string }[] }) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [notice, setNotice] = useState<{ tone: "error" | "success"; message: string } | null>(null);

  async function add(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const result = await api("POST", "/api/ui/policies", {
      name: text(form, "name"),
      client_origin: text(form, "client_origin"),
      provider: text(form, "provider"),
      models: text(form, "models")
        .split(",")
        .map((m) => m.trim())
        .filter(Boolean),
      max_monthly_spend: text(form, "max_monthly_spend"),
      max_daily_spend: text(form, "max_daily_spend") || null,
      max_requests_per_minute: optionalNumber(text(form, "max_requests_per_minute")),
      max_expiry_days: optionalNumber(text(form, "max_expiry_days")),
    });
    if (!result.ok) return setNotice({ tone: "error", message: result.message });
    element.reset();
    setNotice({ tone: "success", message: "Added the policy." });
    startTransition(() => router.refresh());
  }

  async function setEnabled(id: string, enabled: boolean) {
    const result = await api("PATCH", `/api/ui/policies/${id}`, { enabled });
    setNotice(
      result.ok
        ? { tone: "success", message: enabled ? "Resumed the policy." : "Paused the policy: matching requests wait for you." }
        : { tone: "error", message: result.message },
    );
    startTransition(() => router.refresh());
  }

  async function remove(id: string) {
    const result = await api("DELETE", `/api/ui/policies/${id}`);
    setNotice(result.ok ? { tone: "success", message: "Deleted the policy." } : { tone: "error", message: result.message });
    startTransition(() => router.refresh());
  }

  return (
    <Card
      title="Auto-approve policies"
      description="Approve requests without a click when the app's stated address, provider, models, caps and expiry all stay within a rule. The address is what the app claims: only use this for apps on machines you control. Browser-redirect requests always ask you."
    >
      {notice && (
        <div className="mb-4">
          <Alert tone={notice.tone}>{notice.message}</Alert>
        </div>
      )}
      {policies.length > 0 && (
        <ul className="mb-4 divide-y divide-slate-100 text-sm" data-testid="policy-list">
          {policies.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={`policy-${p.id}`}>
              <span className={`min-w-0 break-all ${p.enabled ? "" : "text-slate-500"}`}>
                <strong>{p.name}</strong>
                {!p.enabled && (
                  <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">paused</span>
                )}: {p.client_origin} · {p.provider} · {p.models.length ? p.models.join(", ") : "any model"} · up to ${p.max_monthly_spend}
                /month · {p.max_expiry_days} days
              </span>
              <span className="flex gap-1">
                <Button variant="ghost" onClick={() => void setEnabled(p.id, !p.enabled)}>
                  {p.enabled ? "Pause" : "Resume"}
                </Button>
                <Button variant="ghost" onClick={() => void remove(p.id)}>
                  Delete
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="grid gap-3 sm:grid-cols-4 sm:items-end" noValidate>
        <Field label="Name">
          <Input name="name" maxLength={64} />
        </Field>
        <Field label="App origin">
          <Input name="client_origin" placeholder="https://app.example.com" />
        </Field>
        <Field label="Provider">
          <Select name="provider">
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Models" hint="comma-separated; empty: any">
          <Input name="models" />
        </Field>
        <Field label="Max monthly cap (USD)">
          <Input name="max_monthly_spend" inputMode="decimal" />
        </Field>
        <Field label="Max daily cap (USD)" hint="optional">
          <Input name="max_daily_spend" inputMode="decimal" />
        </Field>
        <Field label="Max requests/minute" hint="optional">
          <Input name="max_requests_per_minute" inputMode="numeric" />
        </Field>
        <Field label="Max expiry (days)">
          <Input name="max_expiry_days" inputMode="numeric" defaultValue={30} />
        </Field>
        <div className="sm:col-span-4">
          <Button type="submit">Add policy</Button>
        </div>
      </form>
    </Card>
  );
}
