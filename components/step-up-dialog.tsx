"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

/** Asks for the password (or a code from the authenticator app) before a dangerous action goes ahead. */
export function StepUpDialog({
  confirm,
  done,
}: {
  confirm: (proof: Record<string, string>) => Promise<{ ok: true } | { ok: false; message: string }>;
  done: (ok: boolean) => void;
}) {
  const [useCode, setUseCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("proof") ?? "");
    setBusy(true);
    const result = await confirm(useCode ? { totp: value } : { password: value });
    setBusy(false);
    if (result.ok) return done(true);
    setError(result.message);
  }

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4" role="presentation">
      <div role="dialog" aria-modal="true" aria-labelledby="step-up-title" className="w-full max-w-sm rounded-lg bg-white p-5 shadow-xl">
        <h2 id="step-up-title" className="text-base font-semibold text-slate-900">
          Confirm it is you
        </h2>
        <p className="mt-1 text-sm text-slate-600">This changes what apps can reach. Confirm once; it holds for 10 minutes.</p>
        <form onSubmit={submit} className="mt-4 space-y-3" noValidate>
          {error && <Alert tone="error">{error}</Alert>}
          {useCode ? (
            <Field key="code" label="Authentication code">
              <Input name="proof" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required autoFocus />
            </Field>
          ) : (
            <Field key="password" label="Your password">
              <Input name="proof" type="password" autoComplete="current-password" required autoFocus />
            </Field>
          )}
          <div className="flex flex-wrap items-center justify-between gap-2">
            <button type="button" className="text-sm text-slate-600 underline" onClick={() => setUseCode(!useCode)}>
              {useCode ? "Use your password" : "Use a code from your app"}
            </button>
            <span className="flex gap-2">
              <Button type="button" variant="secondary" onClick={() => done(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={busy}>
                Confirm
              </Button>
            </span>
          </div>
        </form>
      </div>
    </div>
  );
}
