"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";

/** A contained grant entry (a request cost more than its reservation), in words, with the owner's reset. */
export function ContainmentNotice({ grantId, since, requestId }: { grantId: string; since: string; requestId: string }) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function reset() {
    setBusy(true);
    const result = await api("POST", `/api/ui/grants/${grantId}/reset-containment`);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    startTransition(() => router.refresh());
  }

  return (
    <Alert tone="warning">
      <div className="space-y-2" data-testid="containment-notice">
        <p>
          <strong>One request at a time</strong> since <LocalTime iso={since} />: request{" "}
          <span className="font-mono text-xs break-all">{requestId}</span> cost more than the vault reserved for it. Until you reset this
          (or the month ends), the app&apos;s requests wait their turn, so its cap can be passed by one request at most.
        </p>
        <Button variant="secondary" disabled={busy} onClick={reset}>
          Reset: allow concurrent requests again
        </Button>
        {error && <p className="text-red-700">{error}</p>}
      </div>
    </Alert>
  );
}
