"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";

type Enrolment = { secret: string; otpauth_url: string; qr_data_url: string };

function PasswordForm({ passwordMin }: { passwordMin: number }) {
  const api = useApi();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    if (data.get("new_password") !== data.get("confirm")) return setMessage({ tone: "error", text: "The two new passwords differ." });
    const result = await api<{ ended_sessions: number }>("POST", "/api/ui/account/password", {
      current_password: String(data.get("current_password") ?? ""),
      new_password: String(data.get("new_password") ?? ""),
    });
    if (!result.ok) return setMessage({ tone: "error", text: result.message });
    form.reset();
    const n = result.data.ended_sessions;
    setMessage({
      tone: "success",
      text: `Password changed. ${n === 0 ? "No other session was open." : `Signed out ${n} other session${n === 1 ? "" : "s"}.`}`,
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Change password" noValidate>
      <h3 className="text-sm font-semibold text-slate-900">Password</h3>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Current password">
          <Input name="current_password" type="password" autoComplete="current-password" required />
        </Field>
        <Field label="New password" hint={`At least ${passwordMin} characters.`}>
          <Input name="new_password" type="password" autoComplete="new-password" required minLength={passwordMin} />
        </Field>
        <Field label="Confirm new password">
          <Input name="confirm" type="password" autoComplete="new-password" required />
        </Field>
      </div>
      <Button type="submit" variant="secondary">
        Change password
      </Button>
    </form>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <Alert tone="success" title="Two-factor sign-in is on. Save these recovery codes now: they are not shown again.">
      <p>Each one signs you in once if you lose your phone.</p>
      <ol className="mt-2 grid grid-cols-2 gap-1 font-mono text-xs text-slate-900 sm:grid-cols-5" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c} className="rounded bg-white px-2 py-1">
            {c}
          </li>
        ))}
      </ol>
    </Alert>
  );
}

function TotpSection({ enabled, recoveryCodesLeft }: { enabled: boolean; recoveryCodesLeft: number }) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function begin() {
    setError(null);
    const result = await api<Enrolment>("POST", "/api/ui/account/totp");
    if (!result.ok) return setError(result.message);
    setEnrolment(result.data);
  }

  async function confirm(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    const result = await api<{ recovery_codes: string[] }>("POST", "/api/ui/account/totp/confirm", { code });
    if (!result.ok) return setError(result.message);
    setError(null);
    setEnrolment(null);
    setCodes(result.data.recovery_codes);
    startTransition(() => router.refresh());
  }

  async function disable(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    const body = /^\d{6}$/.test(code) ? { totp: code } : { recovery_code: code };
    const result = await api("POST", "/api/ui/account/totp/disable", body);
    if (!result.ok) return setError(result.message);
    setError(null);
    setCodes(null);
    startTransition(() => router.refresh());
  }

  return (
    <div className="space-y-3">
      <h3 className="flex items-center gap-2 text-sm font-semibold text-slate-900">
        Two-factor sign-in {enabled ? <Badge tone="green">on</Badge> : <Badge>off</Badge>}
      </h3>
      {error && <Alert tone="error">{error}</Alert>}
      {codes && <RecoveryCodes codes={codes} />}
      {enabled && !codes && (
        <form onSubmit={disable} className="flex flex-wrap items-end gap-3" aria-label="Turn off two-factor sign-in">
          <p className="w-full text-sm text-slate-600">
            Every sign-in asks for a code from your authenticator app. {recoveryCodesLeft} recovery code{recoveryCodesLeft === 1 ? "" : "s"}{" "}
            left.
          </p>
          <Field label="Code to turn it off" hint="A current code from your app, or a recovery code.">
            <Input name="code" autoComplete="one-time-code" required />
          </Field>
          <Button type="submit" variant="secondary">
            Turn off
          </Button>
        </form>
      )}
      {!enabled && !enrolment && (
        <div className="space-y-2">
          <p className="text-sm text-slate-600">
            Ask for a code from an authenticator app (1Password, Google Authenticator, ...) at every sign-in.
          </p>
          <Button variant="secondary" onClick={() => void begin()}>
            Set up two-factor sign-in
          </Button>
        </div>
      )}
      {enrolment && (
        <div className="grid gap-4 sm:grid-cols-[auto_1fr]">
          <img
            src={enrolment.qr_data_url}
            alt="QR code to scan with your authenticator app"
            width={200}
            height={200}
            className="rounded border"
          />
          <form onSubmit={confirm} className="min-w-0 space-y-3" aria-label="Confirm two-factor sign-in">
            <p className="text-sm text-slate-600">Scan the code with your app, or type this secret into it:</p>
            <code className="block select-all break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm" data-testid="totp-secret">
              {enrolment.secret}
            </code>
            <Field label="Code from the app">
              <Input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required autoFocus />
            </Field>
            <div className="flex gap-2">
              <Button type="submit">Turn on</Button>
              <Button type="button" variant="secondary" onClick={() => setEnrolment(null)}>
                Cancel
              </Button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}

export function AccountCard({
  email,
  passwordMin,
  totpEnabled,
  recoveryCodesLeft,
}: {
  email: string;
  passwordMin: number;
  totpEnabled: boolean;
  recoveryCodesLeft: number;
}) {
  return (
    <Card title="Account" description={`Signed in as ${email}. Changing the password or the second factor signs out every other session.`}>
      <div className="space-y-6">
        <PasswordForm passwordMin={passwordMin} />
        <TotpSection enabled={totpEnabled} recoveryCodesLeft={recoveryCodesLeft} />
      </div>
    </Card>
  );
}
