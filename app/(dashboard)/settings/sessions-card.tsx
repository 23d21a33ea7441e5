"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { STOP_POLLING_EVENT } from "@/components/shell/use-polled";
import { LocalTime } from "@/components/ui/local-time";
import type { SessionView } from "@/lib/domain/auth/sessions/list-sessions";

export function SessionsCard({ sessions }: { sessions: SessionView[] }) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  async function end(session: SessionView) {
    const result = await api("DELETE", `/api/ui/sessions/${session.id}`);
    if (!result.ok) return setError(result.message);
    if (session.current) return window.location.assign("/login");
    startTransition(() => router.refresh());
  }

  async function everywhere() {
    window.dispatchEvent(new Event(STOP_POLLING_EVENT));
    const result = await api("DELETE", "/api/ui/sessions");
    if (!result.ok) return setError(result.message);
    window.location.assign("/login");
  }

  return (
    <Card title="Sessions" description="Browsers signed in to your account. Signing one out ends it on the server at once.">
      <div className="space-y-3">
        {error && <Alert tone="error">{error}</Alert>}
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Sessions">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="min-w-0 space-y-0.5">
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{s.device}</span>
                  {s.current && <Badge tone="green">this browser</Badge>}
                </span>
                <span className="block text-xs text-slate-500">
                  {s.ip ?? "unknown address"} · signed in <LocalTime iso={s.created_at} /> · last seen <LocalTime iso={s.last_seen_at} />
                </span>
              </span>
              <Button variant="secondary" onClick={() => void end(s)} aria-label={`Sign out ${s.device} at ${s.ip ?? "unknown address"}`}>
                Sign out
              </Button>
            </li>
          ))}
        </ul>
        <Button variant="secondary" onClick={() => void everywhere()}>
          Sign out everywhere
        </Button>
      </div>
    </Card>
  );
}
