"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApi } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

export function SetupForm({ passwordMin }: { passwordMin: number }) {
  const api = useApi();
  const router = useRouter();
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setError({ message: "The two passwords differ.", field: "confirm" });
      return;
    }
    setBusy(true);
    setError(null);
    const result = await api("POST", "/api/setup", { email, password });
    if (!result.ok) {
      setBusy(false);
      setError({ message: result.message, field: result.field });
      return;
    }
    await api("POST", "/api/auth/sign-in", { email, password });
    router.replace("/");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error.message}</Alert>}
      <Field label="Email">
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label="Password" hint={`At least ${passwordMin} characters.`}>
        <Input name="password" type="password" autoComplete="new-password" required minLength={passwordMin} />
      </Field>
      <Field label="Confirm password" error={error?.field === "confirm" ? error.message : undefined}>
        <Input name="confirm" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" disabled={busy} className="w-full">
        {busy ? "Creating…" : "Create owner account"}
      </Button>
    </form>
  );
}
