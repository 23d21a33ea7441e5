import { PageHeader } from "@/components/page-header";
import { db } from "@/lib/db/client";
import { listManagementKeys } from "@/lib/management-keys/list-management-keys";
import { listProviders } from "@/lib/providers/registry";
import { listUpstreams } from "@/lib/providers/upstream-urls";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/schemas";
import { pageUser } from "../page-user";
import { ManagementKeysCard } from "./management-keys-card";
import { UpstreamsForm } from "./upstreams-form";
import { WebhooksCard } from "./webhooks-card";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await pageUser();
  const [upstreams, managementKeys, webhooks] = await Promise.all([
    listUpstreams(db()),
    listManagementKeys(db(), user.id),
    listWebhooks(db(), user.id),
  ]);
  const names = Object.fromEntries(listProviders().map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader title="Settings" />
      <UpstreamsForm upstreams={upstreams} names={names} canEdit={user.role === "owner"} />
      <ManagementKeysCard keys={managementKeys} />
      <WebhooksCard webhooks={webhooks} events={WEBHOOK_EVENTS} />
    </>
  );
}
