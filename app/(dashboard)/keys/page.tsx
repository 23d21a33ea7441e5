import { PageHeader } from "@/components/page-header";
import { db } from "@/lib/foundation/db/client";
import { listProviderKeys } from "@/lib/domain/provider-keys/list-provider-keys";
import { listProviders } from "@/lib/engines/providers/registry";
import { pageUser } from "@/app/(dashboard)/page-user";
import { KeysClient } from "@/app/(dashboard)/keys/keys-client";

export const metadata = { title: "Provider keys" };

export default async function KeysPage() {
  const user = await pageUser();
  const keys = await listProviderKeys(db(), user.id);
  const providers = listProviders().map((p) => ({ id: p.id, name: p.name, requiresKey: p.requiresKey, keyHint: p.keyHint }));
  return (
    <>
      <PageHeader
        title="Provider keys"
        description="Master keys of your AI providers, encrypted with AES-256-GCM. After saving, only the last 4 characters are ever shown. Keep several per provider (for example work and personal)."
      />
      <KeysClient initialKeys={keys} providers={providers} />
    </>
  );
}
