"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApi } from "@/components/api-client";
import { CopySnippet } from "@/components/cockpit/copy-snippet";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";

type Provider = { id: string; name: string };
type Created = { grant: { id: string; client_name: string; expires_at: string }; token: string; base_url: string };
type Problem = { message: string; field?: string };

/** Optional number fields: blank is "not given"; what is not a number goes as typed, for the server to refuse at its field. */
function numberOrNull(value: FormDataEntryValue | null): number | string | null {
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

function snippets(created: Created, provider: string) {
  const model = provider === "anthropic" ? "claude-haiku-4-5" : "gpt-4o-mini";
  const sdk =
    provider === "anthropic"
      ? `import Anthropic from "@anthropic-ai/sdk";\n\nconst client = new Anthropic({\n  apiKey: process.env.OKAP_TOKEN,\n  baseURL: "${created.base_url}",\n});`
      : `import OpenAI from "openai";\n\nconst client = new OpenAI({\n  apiKey: process.env.OKAP_TOKEN,\n  baseURL: "${created.base_url}",\n});`;
  const curl =
    provider === "anthropic"
      ? `curl ${created.base_url}/v1/messages \\\n  -H "x-api-key: $OKAP_TOKEN" -H "anthropic-version: 2023-06-01" \\\n  -H "content-type: application/json" \\\n  -d '{"model": "${model}", "max_tokens": 100, "messages": [{"role": "user", "content": "Hello"}]}'`
      : `curl ${created.base_url}/chat/completions \\\n  -H "authorization: Bearer $OKAP_TOKEN" -H "content-type: application/json" \\\n  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello"}]}'`;
  return { sdk, curl };
}

/** "Connect an app by hand": a grant and its token for an app that takes a base URL and an API key. */
export function ConnectAppForm({ providers }: { providers: Provider[] }) {
  const api = useApi();
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<{ result: Created; provider: string } | null>(null);

  if (providers.length === 0)
    return (
      <p className="text-sm text-slate-600">
        Add a provider key under{" "}
        <Link href="/keys" className="font-medium underline">
          Provider keys
        </Link>{" "}
        first: a grant uses one of your keys.
      </p>
    );

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault(); // (a form action would reset the fields: a refused value must stay to be corrected)
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setProblem(null);
    const provider = String(form.get("provider"));
    const limits = Object.fromEntries(
      Object.entries({
        monthly_spend: numberOrNull(form.get("monthly_spend")),
        daily_spend: numberOrNull(form.get("daily_spend")),
        requests_per_minute: numberOrNull(form.get("requests_per_minute")),
      }).filter(([, v]) => v !== null),
    );
    const models = String(form.get("models") ?? "")
      .split(",")
      .map((m) => m.trim())
      .filter(Boolean);
    const expires = String(form.get("expires_at") ?? "").trim();
    const result = await api<Created>("POST", "/api/ui/grants", {
      name: String(form.get("name") ?? ""),
      provider,
      models: models.length ? models : null,
      limits,
      expires_at: expires || null,
    });
    setBusy(false);
    if (!result.ok) return setProblem({ message: result.message, field: result.field });
    setCreated({ result: result.data, provider });
    startTransition(() => router.refresh());
  }

  if (created) {
    const { result, provider } = created;
    const code = snippets(result, provider);
    return (
      <div className="space-y-3" data-testid="connect-app-result">
        <Alert tone="success">
          <strong>{result.grant.client_name}</strong> is connected. Copy its token now: the vault shows it only this once.
        </Alert>
        <CopySnippet label="Token (OKAP_TOKEN)" code={result.token} />
        <CopySnippet label="Base URL" code={result.base_url} />
        <CopySnippet label="SDK" code={code.sdk} />
        <CopySnippet label="curl" code={code.curl} />
        <div className="flex flex-wrap gap-2">
          <Link href={`/grants/${result.grant.id}`} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white">
            Open the grant
          </Link>
          <Button variant="secondary" onClick={() => setCreated(null)}>
            Connect another app
          </Button>
        </div>
      </div>
    );
  }

  const errorFor = (...fields: string[]) => (problem?.field && fields.includes(problem.field) ? problem.message : undefined);
  const placed =
    problem?.field &&
    ["name", "provider", "models", "limits.monthly_spend", "limits.daily_spend", "limits.requests_per_minute", "expires_at"].includes(
      problem.field,
    );
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="connect-app-form" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="App name" hint="Shown on the grant and in the usage log." error={errorFor("name")}>
          <Input name="name" maxLength={100} autoComplete="off" />
        </Field>
        <Field label="Provider" error={errorFor("provider")}>
          <Select name="provider" defaultValue={providers[0]!.id}>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Models" hint="Comma-separated, e.g. gpt-4o-mini; empty: every model." error={errorFor("models", "models.0")}>
          <Input name="models" autoComplete="off" />
        </Field>
        <Field label="Monthly cap (USD)" hint="Empty: your default from Settings." error={errorFor("limits.monthly_spend")}>
          <Input name="monthly_spend" inputMode="decimal" autoComplete="off" />
        </Field>
        <Field label="Daily cap (USD)" hint="Optional." error={errorFor("limits.daily_spend")}>
          <Input name="daily_spend" inputMode="decimal" autoComplete="off" />
        </Field>
        <Field label="Requests per minute" hint="Optional." error={errorFor("limits.requests_per_minute")}>
          <Input name="requests_per_minute" inputMode="numeric" autoComplete="off" />
        </Field>
        <Field label="Expires on (UTC)" hint="Empty: your default from Settings." error={errorFor("expires_at")}>
          <Input name="expires_at" type="date" />
        </Field>
      </div>
      {problem && !placed && <Alert tone="error">{problem.message}</Alert>}
      <Button type="submit" disabled={busy}>
        Create grant and token
      </Button>
    </form>
  );
}
