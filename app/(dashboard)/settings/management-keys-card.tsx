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
import type { ManagementKeyView } from "@/lib/domain/management-keys/schemas";

export function ManagementKeysCard({ keys }: { keys: ManagementKeyView[] }) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(null);
    const result = await api<ManagementKeyView & { key: string }>("POST", "/api/ui/management-keys", {
      name: String(data.get("name") ?? ""),
      scope: String(data.get("scope") ?? "read"),
    });
    if (!result.ok) return setError(result.message);
    form.reset();
    setCreated({ name: result.data.name, key: result.data.key });
    startTransition(() => router.refresh());
  }

  async function revoke(id: string) {
    const result = await api("DELETE", `/api/ui/management-keys/${id}`);
    if (!result.ok) return setError(result.message);
    startTransition(() => router.refresh());
  }

  return (
    <Card
      title="Management keys"
      description={
        <>
          For scripts using the{" "}
          <a href="/api-docs" className="underline">
            management API
          </a>
          . Read keys can list; write keys can also change grants and prices. No key can approve new access.
        </>
      }
    >
      <div className="space-y-4">
        {error && <Alert tone="error">{error}</Alert>}
        {created && (
          <Alert tone="success" title={`Created "${created.name}". Copy it now: it will not be shown again.`}>
            <code
              className="mt-1 block select-all break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900"
              data-testid="new-management-key"
            >
              {created.key}
            </code>
          </Alert>
        )}
        <form onSubmit={create} className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end" autoComplete="off">
          <Field label="Name">
            <Input name="name" placeholder="backup script" maxLength={64} required />
          </Field>
          <Field label="Scope">
            <Select name="scope" defaultValue="read">
              <option value="read">read</option>
              <option value="write">write</option>
            </Select>
          </Field>
          <Button type="submit">Create key</Button>
        </form>
        {keys.length > 0 && (
          <ul className="divide-y divide-slate-100 text-sm">
            {keys.map((k) => (
              <li key={k.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{k.name}</span>
                  <Badge tone={k.scope === "write" ? "amber" : "neutral"}>{k.scope}</Badge>
                  <code className="text-xs text-slate-500">okmk_…{k.last4}</code>
                  {k.revoked_at ? <Badge tone="red">revoked</Badge> : null}
                  <span className="text-xs text-slate-500">
                    {k.last_used_at ? (
                      <>
                        last used <LocalTime iso={k.last_used_at} />
                      </>
                    ) : (
                      "never used"
                    )}
                  </span>
                </span>
                {!k.revoked_at && (
                  <Button variant="secondary" onClick={() => void revoke(k.id)}>
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
