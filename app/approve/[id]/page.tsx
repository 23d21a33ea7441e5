import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { findAccessRequestOrThrow } from "@/lib/domain/access-requests/find-access-request-or-throw";
import { toAccessRequestView } from "@/lib/domain/access-requests/list-access-requests";
import { currentUser } from "@/lib/surfaces/ui/session";
import { isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { getGrantDefaults, toGrantDefaultsView } from "@/lib/domain/grants/grant-defaults";
import { callbackOriginDiffers, originOf } from "@/lib/engines/okap/client-url";
import { listProviderKeys } from "@/lib/domain/provider-keys/list-provider-keys";
import { listProviders } from "@/lib/engines/providers/registry";
import { ApproveForm } from "@/app/approve/[id]/approve-form";
import { apiEntryOptions } from "@/lib/domain/credentials/api-entry-options";
import { ClientIdentity } from "@/app/approve/[id]/client-identity";

export const metadata = { title: "Approve access" };

const DECIDED: Record<string, { tone: "success" | "error" | "info"; text: string }> = {
  approved: { tone: "success", text: "You approved this request." },
  denied: { tone: "error", text: "You denied this request." },
  expired: { tone: "info", text: "This request expired before a decision. The app has to ask again." },
  abandoned: { tone: "info", text: "The app stopped waiting for this request, so it can no longer be approved." },
};

async function loadRequest(userId: string, id: string) {
  try {
    return await findAccessRequestOrThrow(db(), userId, id);
  } catch (error) {
    if (isVaultError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function ApprovePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (isSealed()) return null;
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/approve/${id}`)}`);
  const row = await loadRequest(user.id, id);
  const view = toAccessRequestView(row);
  const keys = (await listProviderKeys(db(), user.id)).filter((k) => view.providers.some((p) => p.provider === k.provider));
  const names = Object.fromEntries(listProviders().map((p) => [p.id, p.name]));
  const decided = DECIDED[view.status];
  const redirectFlow = view.delivery === "redirect"; // only then does the browser go to the callback
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-10">
      <p className="text-sm font-semibold tracking-wide text-slate-500">okap-vault · access request</p>
      <header className="space-y-2">
        <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold text-slate-900">
          <span className="break-all" data-testid="client-name">
            {view.client_name}
          </span>
          <Badge tone="amber">unverified</Badge>
        </h1>
        <p className="text-sm text-slate-600">
          wants to use your {view.providers.length ? "AI provider keys" : ""}
          {view.providers.length && view.apis.length ? " and " : ""}
          {view.apis.length ? "API credentials" : ""} through this vault. The name and addresses below are what the app says about itself.
        </p>
      </header>
      <ClientIdentity
        appOrigin={originOf(view.client_url)}
        callbackOrigin={redirectFlow ? originOf(view.callback_url) : null}
        differs={redirectFlow && callbackOriginDiffers(view.client_url, view.callback_url)}
        reason={[...view.providers, ...view.apis]
          .map((p) => p.reason)
          .filter(Boolean)
          .join("\n\n")}
      />
      {decided ? (
        <div className="space-y-3" data-testid="decided">
          <Alert tone={decided.tone}>{decided.text}</Alert>
          {view.status === "approved" && redirectFlow && !row.codeHash && (
            <a
              className="inline-flex rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white"
              href={`/approve/${view.id}/continue`}
            >
              Continue to the app
            </a>
          )}
          <Link href="/requests" className="block text-sm font-medium text-slate-700 underline">
            Back to requests
          </Link>
        </div>
      ) : (
        <ApproveForm
          request={view}
          keys={keys.map((k) => ({ id: k.id, provider: k.provider, label: k.label, last4: k.last4 }))}
          defaults={toGrantDefaultsView(await getGrantDefaults(db(), user.id))}
          providerNames={names}
          confirmCallback={redirectFlow && callbackOriginDiffers(view.client_url, view.callback_url)}
          apiOptions={await apiEntryOptions(db(), user.id, view.apis)}
        />
      )}
    </main>
  );
}
