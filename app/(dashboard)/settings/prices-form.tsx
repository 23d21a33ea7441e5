"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import type { PriceView } from "@/lib/domain/prices/to-price-view";

const RATES = [
  ["input", "Input", true],
  ["output", "Output", true],
  ["cache_read", "Cache read", false],
  ["cache_write", "Cache write (5 min)", false],
  ["cache_write_1h", "Cache write (1 h)", false],
] as const;

export function PricesForm({ prices, names, canEdit }: { prices: PriceView[]; names: Record<string, string>; canEdit: boolean }) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [notice, setNotice] = useState<{ tone: "error" | "success"; message: string } | null>(null);

  async function save(form: HTMLFormElement) {
    const data = new FormData(form);
    const body: Record<string, string> = { provider: String(data.get("provider")), model: String(data.get("model") ?? "") };
    for (const [name] of RATES) {
      const value = String(data.get(name) ?? "").trim();
      if (value) body[name] = value;
    }
    const result = await api("PUT", "/api/ui/prices", body);
    if (!result.ok) return setNotice({ tone: "error", message: result.message });
    setNotice({ tone: "success", message: `Saved the price of ${body.model}.` });
    form.reset();
    startTransition(() => router.refresh());
  }

  async function remove(p: PriceView) {
    const result = await api("DELETE", `/api/ui/prices?${new URLSearchParams({ provider: p.provider, model: p.model })}`);
    setNotice(
      result.ok
        ? { tone: "success", message: `Removed your price of ${p.model}: the catalogue prices it again.` }
        : { tone: "error", message: result.message },
    );
    if (result.ok) startTransition(() => router.refresh());
  }

  return (
    <Card
      title="Model prices"
      description="Your price per model, in USD per million tokens. It wins over the bundled price catalogue, and lets grants with a spend cap use models the catalogue does not know. Applies within a second."
    >
      {notice && (
        <div className="mb-4">
          <Alert tone={notice.tone}>{notice.message}</Alert>
        </div>
      )}
      {prices.length === 0 ? (
        <p className="text-sm text-slate-600">No prices of your own: every model is priced from the bundled catalogue.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {prices.map((p) => (
            <li key={`${p.provider}/${p.model}`} className="flex flex-wrap gap-3 py-2">
              <span className="w-32 shrink-0 font-medium">{names[p.provider] ?? p.provider}</span>
              <code className="min-w-0 flex-1 truncate">{p.model}</code>
              <span className="text-slate-700">
                in ${p.input_usd_per_mtok} · out ${p.output_usd_per_mtok}
                {p.cache_read_usd_per_mtok !== null && ` · cache read $${p.cache_read_usd_per_mtok}`}
                {p.cache_write_usd_per_mtok !== null && ` · cache write $${p.cache_write_usd_per_mtok}`}
                {p.cache_write_1h_usd_per_mtok !== null && ` · 1 h write $${p.cache_write_1h_usd_per_mtok}`}
              </span>
              {canEdit && (
                <Button variant="ghost" className="py-0.5" onClick={() => void remove(p)} aria-label={`Remove the price of ${p.model}`}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form
          className="mt-4 grid gap-3 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            void save(e.currentTarget);
          }}
        >
          <Field label="Provider">
            <Select name="provider" defaultValue="openai">
              {Object.entries(names).map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Model">
            <Input name="model" required maxLength={200} placeholder="my-finetuned-model" className="font-mono" />
          </Field>
          {RATES.map(([name, label, required]) => (
            <Field key={name} label={`${label} (USD / M tokens)`} hint={required ? undefined : "optional"}>
              <Input name={name} required={required} inputMode="decimal" pattern="\d{1,13}(\.\d+)?" />
            </Field>
          ))}
          <div className="sm:col-span-2">
            <Button type="submit">Save price</Button>
          </div>
        </form>
      )}
    </Card>
  );
}
