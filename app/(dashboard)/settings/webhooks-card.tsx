"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import type { WebhookWithDeliveries } from "@/lib/domain/webhooks/list-webhooks";

const EVENT_LABELS: Record<string, string> = {
  "spend.threshold": "Spend crosses 50 / 80 / 100% of a cap",
  "request.pending": "An app asks for access",
  "grant.created": "A grant is created",
  "grant.revoked": "A grant is revoked",
  "grant.expired": "A grant expires",
};

const STATUS_TONE = { delivered: "green", failed: "red", pending: "amber" } as const;

export function WebhooksCard({ webhooks, events }: { webhooks: WebhookWithDeliveries[]; events: readonly string[] }) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [notice, setNotice] = useState<{ tone: "error" | "success"; message: string } | null>(null);
  const refresh = () => startTransition(() => router.refresh());

  async function create(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setNotice(null);
    const result = await api<{ url: string; secret: string }>("POST", "/api/ui/webhooks", {
      url: String(data.get("url") ?? ""),
      events: data.getAll("events").map(String),
    });
    if (!result.ok) return setNotice({ tone: "error", message: result.message });
    form.reset();
    setCreated({ url: result.data.url, secret: result.data.secret });
    refresh();
  }

  async function act(method: string, url: string, body: unknown, message: string) {
    const result = await api(method, url, body);
    if (!result.ok) return setNotice({ tone: "error", message: result.message });
    setNotice({ tone: "success", message });
    refresh();
    if (url.endsWith("/test")) setTimeout(refresh, 1500); // the delivery lands a moment later
  }

  return (
    <Card
      title="Webhooks"
      description="Signed JSON events (HMAC-SHA256 over the timestamp and body, header okap-signature) sent to your URLs, retried with backoff."
    >
      <div className="space-y-4">
        {notice && <Alert tone={notice.tone}>{notice.message}</Alert>}
        {created && (
          <Alert tone="success" title={`Webhook added for ${created.url}. Copy its signing secret now: it will not be shown again.`}>
            <code
              className="mt-1 block select-all break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900"
              data-testid="new-webhook-secret"
            >
              {created.secret}
            </code>
          </Alert>
        )}
        <form onSubmit={create} className="space-y-3" autoComplete="off">
          <Field label="URL" hint="https:// (http:// only for localhost)">
            <Input name="url" type="url" placeholder="https://example.com/okap-webhook" required />
          </Field>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">Events</legend>
            {events.map((e) => (
              <label key={e} className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" name="events" value={e} defaultChecked />
                {EVENT_LABELS[e] ?? e}
              </label>
            ))}
          </fieldset>
          <Button type="submit">Add webhook</Button>
        </form>
        {webhooks.map((hook) => (
          <div key={hook.id} className="rounded-md border border-slate-200 p-3" data-testid={`webhook-${hook.id}`}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div className="min-w-0 text-sm">
                <p className="truncate font-mono">{hook.url}</p>
                <p className="mt-0.5 text-xs text-slate-500">
                  {hook.events.join(", ")} · secret …{hook.secret_last4} {hook.enabled ? null : <Badge tone="red">disabled</Badge>}
                </p>
              </div>
              <div className="flex flex-wrap gap-1">
                <Button
                  variant="secondary"
                  disabled={!hook.enabled}
                  onClick={() => void act("POST", `/api/ui/webhooks/${hook.id}/test`, undefined, "Test event queued.")}
                >
                  Send test
                </Button>
                <Button
                  variant="secondary"
                  onClick={() =>
                    void act(
                      "PATCH",
                      `/api/ui/webhooks/${hook.id}`,
                      { enabled: !hook.enabled },
                      hook.enabled ? "Webhook disabled." : "Webhook enabled.",
                    )
                  }
                >
                  {hook.enabled ? "Disable" : "Enable"}
                </Button>
                <Button variant="ghost" onClick={() => void act("DELETE", `/api/ui/webhooks/${hook.id}`, undefined, "Webhook removed.")}>
                  Remove
                </Button>
              </div>
            </div>
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-slate-600">Deliveries ({hook.deliveries.length})</summary>
              {hook.deliveries.length === 0 ? (
                <p className="mt-2 text-slate-500">Nothing sent yet.</p>
              ) : (
                <ul className="mt-2 divide-y divide-slate-100" data-testid="deliveries">
                  {hook.deliveries.map((d) => (
                    <li key={d.id} className="flex flex-wrap items-center gap-2 py-1.5 text-xs">
                      <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge>
                      <span className="font-mono">{d.event}</span>
                      <span className="text-slate-500">
                        <LocalTime iso={d.created_at} /> · {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                        {d.response_status ? ` · HTTP ${d.response_status}` : ""}
                        {d.last_error ? ` · ${d.last_error}` : ""}
                        {d.next_attempt_at ? (
                          <>
                            {" · next try "}
                            <LocalTime iso={d.next_attempt_at} />
                          </>
                        ) : null}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </details>
          </div>
        ))}
      </div>
    </Card>
  );
}
