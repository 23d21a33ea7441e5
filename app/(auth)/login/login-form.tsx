"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

type Step = "password" | "totp" | "recovery";

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step>("password");
  const [credentials, setCredentials] = useState({ email: "", password: "" });

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = step === "password" ? String(form.get("email") ?? "") : credentials.email;
    const password = step === "password" ? String(form.get("password") ?? "") : credentials.password;
    const body: Record<string, string> = { email, password };
    if (step === "totp") body.totp = String(form.get("totp") ?? "");
    if (step === "recovery") body.recovery_code = String(form.get("recovery_code") ?? "");
    setBusy(true);
    setError(null);
    const result = await api("POST", "/api/auth/sign-in", body);
    setBusy(false);
    if (result.ok) {
      router.replace(next);
      router.refresh();
      return;
    }
    if (result.type === "second_factor_required") {
      setCredentials({ email, password });
      setStep("totp");
      return;
    }
    setError(result.message);
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      {step === "password" ? (
        <>
          <Field label="Email">
            <Input name="email" type="email" autoComplete="username" required autoFocus defaultValue={credentials.email} />
          </Field>
          <Field label="Password">
            <Input name="password" type="password" autoComplete="current-password" required />
          </Field>
        </>
      ) : step === "totp" ? (
        <Field label="Authentication code" hint="The 6-digit code from your authenticator app.">
          <Input
            key="totp"
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            required
            autoFocus
          />
        </Field>
      ) : (
        <Field label="Recovery code" hint="One of the ten codes you saved when you turned on the second factor. Each works once.">
          <Input key="recovery" name="recovery_code" autoComplete="off" required autoFocus />
        </Field>
      )}
      <Button type="submit" disabled={busy} className="w-full">
        {busy ? "Signing in…" : step === "password" ? "Sign in" : "Verify"}
      </Button>
      {step !== "password" && (
        <div className="flex justify-between text-sm">
          <button type="button" className="text-slate-600 underline" onClick={() => setStep(step === "totp" ? "recovery" : "totp")}>
            {step === "totp" ? "Use a recovery code" : "Use your authenticator app"}
          </button>
          <button
            type="button"
            className="text-slate-600 underline"
            onClick={() => {
              setStep("password");
              setError(null);
            }}
          >
            Start over
          </button>
        </div>
      )}
    </form>
  );
}
