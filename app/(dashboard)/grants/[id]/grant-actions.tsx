"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { GrantStatus } from "@/lib/domain/grants/grant-view";

/** Pause / resume and revoke (with a confirmation step); the page reloads its data after each. */
export function GrantActions({ id, name, status }: { id: string; name: string; status: GrantStatus }) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<{ tone: "error" | "success"; message: string } | null>(null);

  async function act(path: string, done: string) {
    setBusy(true);
    const result = await api("POST", `/api/ui/grants/${id}/${path}`);
    setBusy(false);
    setConfirming(false);
    setNotice(result.ok ? { tone: "success", message: done } : { tone: "error", message: result.message });
    startTransition(() => router.refresh());
  }

  if (status === "revoked") return notice ? <Alert tone={notice.tone}>{notice.message}</Alert> : null;
  return (
    <div className="space-y-3" data-testid="grant-actions">
      <div className="flex flex-wrap gap-2">
        {status === "active" && (
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => act("pause", "Paused: the app's requests are refused until you resume.")}
          >
            Pause
          </Button>
        )}
        {status === "paused" && (
          <Button variant="secondary" disabled={busy} onClick={() => act("resume", "Resumed: the app can use its token again.")}>
            Resume
          </Button>
        )}
        {!confirming && (
          <Button variant="danger" disabled={busy} onClick={() => setConfirming(true)}>
            Revoke…
          </Button>
        )}
      </div>
      {confirming && (
        <div
          role="alertdialog"
          aria-label="Confirm revocation"
          className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900"
        >
          <p>
            Revoke <strong className="break-all">{name}</strong>? Its token stops working within a second and running requests are cut. This
            cannot be undone: the app would have to ask again.
          </p>
          <div className="mt-3 flex gap-2">
            <Button variant="danger" disabled={busy} onClick={() => act("revoke", "Revoked: the token no longer works.")}>
              Revoke grant
            </Button>
            <Button variant="ghost" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {notice && <Alert tone={notice.tone}>{notice.message}</Alert>}
    </div>
  );
}
