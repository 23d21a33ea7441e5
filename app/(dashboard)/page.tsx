import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { listProviderKeys } from "@/lib/provider-keys/list-provider-keys";
import { providerInfo, type ProviderId } from "@/lib/providers/registry";
import { pageUser } from "./page-user";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await pageUser();
  const keys = await listProviderKeys(db(), user.id);
  const providers = [...new Set(keys.map((k) => k.provider))];
  return (
    <>
      <PageHeader title="Overview" description="Your provider keys stay here; apps get scoped, metered, revocable tokens instead." />
      {keys.length === 0 ? (
        <Card title="Start here: add a provider key" description="Paste an API key from OpenAI, Anthropic or another provider. It is encrypted at rest and never shown again.">
          <Link href="/keys" className="inline-flex rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
            Add a provider key
          </Link>
        </Card>
      ) : (
        <Card title="Provider keys" description={`${keys.length} key${keys.length === 1 ? "" : "s"} stored, encrypted.`}>
          <ul className="flex flex-wrap gap-2 text-sm">
            {providers.map((p) => (
              <li key={p} className="rounded-md border border-slate-200 px-2 py-1">
                {providerInfo(p as ProviderId).name} · {keys.filter((k) => k.provider === p).length}
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title="This vault">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-500">Address for apps</dt>
          <dd className="font-mono">{env().publicUrl}</dd>
          <dt className="text-slate-500">Database</dt>
          <dd>{env().databaseKind === "sqlite" ? "SQLite (embedded)" : "PostgreSQL"}</dd>
        </dl>
      </Card>
    </>
  );
}
