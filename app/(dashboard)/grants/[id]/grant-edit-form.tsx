"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { GrantView } from "@/lib/domain/grants/grant-view";

const FIELDS = [
  ["monthly_spend", "Monthly cap (USD)", true],
  ["daily_spend", "Daily cap (USD)", true],
  ["requests_per_minute", "Requests / minute", false],
  ["requests_per_day", "Requests / day", false],
  ["tokens_per_request", "Tokens / request", false],
] as const;

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const money = (v: string) => (v === "" ? null : v);
const count = (v: string) => (v === "" ? null : /^\d+$/.test(v) ? Number(v) : v);

/** Limits per entry and the expiry; what is left blank is removed (the monthly cap cannot be). */
export function GrantEditForm({ grant, providerNames }: { grant: GrantView; providerNames: Record<string, string> }) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [notice, setNotice] = useState<{ tone: "error" | "success"; message: string } | null>(null);
  const initialExpiry = grant.expires_at.slice(0, 10);

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const expires = text(form, "expires_at");
    const body = {
      ...(expires !== initialExpiry ? { expires_at: expires } : {}),
      scopes: grant.scopes.map((s) => ({
        id: s.id,
        limits: Object.fromEntries(FIELDS.map(([name, , isMoney]) => [name, (isMoney ? money : count)(text(form, `${s.id}.${name}`))])),
      })),
    };
    const result = await api("PATCH", `/api/ui/grants/${grant.id}`, body);
    setNotice(
      result.ok
        ? { tone: "success", message: "Saved. The proxy applies the new limits within a second." }
        : { tone: "error", message: result.message },
    );
    if (result.ok) startTransition(() => router.refresh());
  }

  return (
    <form onSubmit={save} noValidate className="space-y-5" data-testid="grant-edit-form">
      {grant.scopes.map((s) => {
        const l = s.limits as Partial<Record<(typeof FIELDS)[number][0], number>>;
        return (
          <fieldset key={s.id} className="space-y-3">
            <legend className="text-sm font-semibold text-slate-900">{providerNames[s.provider] ?? s.provider}</legend>
            <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
              {FIELDS.map(([name, label, isMoney]) => (
                <Field key={name} label={label} hint={name === "monthly_spend" ? undefined : "empty: none"}>
                  <Input name={`${s.id}.${name}`} defaultValue={l[name] ?? ""} inputMode={isMoney ? "decimal" : "numeric"} />
                </Field>
              ))}
            </div>
          </fieldset>
        );
      })}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Expires on (UTC)">
          <Input type="date" name="expires_at" defaultValue={initialExpiry} />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit">Save changes</Button>
        {notice && <Alert tone={notice.tone}>{notice.message}</Alert>}
      </div>
    </form>
  );
}
