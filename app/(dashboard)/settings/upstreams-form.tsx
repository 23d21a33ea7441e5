"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import type { UpstreamView } from "@/lib/domain/upstreams/upstream-urls";

const SOURCE = { default: "default", setting: "custom", env: "environment" } as const;

export function UpstreamsForm({
  upstreams,
  names,
  canEdit,
}: {
  upstreams: UpstreamView[];
  names: Record<string, string>;
  canEdit: boolean;
}) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: "error" | "success"; message: string } | null>(null);

  async function save(provider: string, url: string | null) {
    const result = await api("PUT", `/api/ui/upstreams/${provider}`, { url });
    if (!result.ok) return setNotice({ tone: "error", message: result.message });
    setEditing(null);
    setNotice({
      tone: "success",
      message: url === null ? `${names[provider]} uses its default URL again.` : `Saved the ${names[provider]} upstream URL.`,
    });
    startTransition(() => router.refresh());
  }

  return (
    <Card
      title="Upstream URLs"
      description="Where the vault sends each provider's calls. Change it for a self-hosted or regional endpoint. A VAULT_UPSTREAM_<PROVIDER> environment variable overrides this setting."
    >
      {notice && (
        <div className="mb-4">
          <Alert tone={notice.tone}>{notice.message}</Alert>
        </div>
      )}
      <ul className="divide-y divide-slate-100">
        {upstreams.map((u) => (
          <li key={u.provider} className="flex flex-wrap items-center gap-3 py-2.5 text-sm">
            <span className="w-32 shrink-0 font-medium">{names[u.provider]}</span>
            {editing === u.provider ? (
              <form
                className="flex min-w-0 flex-1 flex-wrap gap-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  void save(u.provider, String(new FormData(e.currentTarget).get("url") ?? ""));
                }}
              >
                <Input
                  name="url"
                  defaultValue={u.url}
                  className="min-w-64 flex-1 font-mono"
                  aria-label={`${names[u.provider]} upstream URL`}
                />
                <Button type="submit">Save</Button>
                <Button type="button" variant="ghost" onClick={() => setEditing(null)}>
                  Cancel
                </Button>
              </form>
            ) : (
              <>
                <code className="min-w-0 flex-1 truncate text-slate-700">{u.url}</code>
                <Badge tone={u.source === "default" ? "neutral" : "blue"}>{SOURCE[u.source]}</Badge>
                {canEdit && u.source !== "env" && (
                  <span className="flex gap-1">
                    <Button variant="ghost" onClick={() => setEditing(u.provider)}>
                      Change
                    </Button>
                    {u.source === "setting" && (
                      <Button variant="ghost" onClick={() => void save(u.provider, null)}>
                        Reset
                      </Button>
                    )}
                  </span>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
