"use client";

import { useState } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import type { GrantDefaultsView } from "@/lib/domain/grants/grant-defaults";

const blankToNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : String(v).trim());
const asNumber = (v: string | null) => (v === null ? null : Number.isFinite(Number(v)) ? Number(v) : v);

/** What a grant gets when the app's request leaves a limit or the expiry open. */
export function GrantDefaultsForm({ defaults }: { defaults: GrantDefaultsView }) {
  const api = useApi();
  const [notice, setNotice] = useState<{ tone: "error" | "success"; message: string } | null>(null);

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await api("PUT", "/api/ui/grant-defaults", {
      monthly_spend: blankToNull(form.get("monthly_spend")) ?? "",
      daily_spend: blankToNull(form.get("daily_spend")),
      requests_per_minute: asNumber(blankToNull(form.get("requests_per_minute"))),
      expires_in_days: asNumber(blankToNull(form.get("expires_in_days"))),
    });
    setNotice(result.ok ? { tone: "success", message: "Saved the defaults for new grants." } : { tone: "error", message: result.message });
  }

  return (
    <Card
      title="Defaults for new grants"
      description="Applied when an app's request leaves a limit or the expiry open, so no grant is unlimited by accident. Shown on the approval screen as the vault default."
    >
      <form onSubmit={save} className="grid gap-4 sm:grid-cols-4 sm:items-end" noValidate data-testid="grant-defaults-form">
        <Field label="Monthly cap (USD)">
          <Input name="monthly_spend" defaultValue={defaults.monthly_spend} inputMode="decimal" required />
        </Field>
        <Field label="Daily cap (USD)" hint="empty: none">
          <Input name="daily_spend" defaultValue={defaults.daily_spend ?? ""} inputMode="decimal" />
        </Field>
        <Field label="Requests per minute" hint="empty: none">
          <Input name="requests_per_minute" defaultValue={defaults.requests_per_minute ?? ""} inputMode="numeric" />
        </Field>
        <Field label="Expires after (days)">
          <Input name="expires_in_days" defaultValue={defaults.expires_in_days} inputMode="numeric" required />
        </Field>
        <div className="sm:col-span-4 flex items-center gap-3">
          <Button type="submit">Save defaults</Button>
          {notice && <Alert tone={notice.tone}>{notice.message}</Alert>}
        </div>
      </form>
    </Card>
  );
}
