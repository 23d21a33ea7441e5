import { PageHeader } from "@/components/page-header";
import { db } from "@/lib/db/client";
import { getGrantDefaults, toGrantDefaultsView } from "@/lib/grants/grant-defaults";
import { listAutoApprovePolicies } from "@/lib/grants/list-auto-approve-policies";
import { listManagementKeys } from "@/lib/management-keys/list-management-keys";
import { listPriceOverrides } from "@/lib/pricing/list-price-overrides";
import { listProviders } from "@/lib/providers/registry";
import { listUpstreams } from "@/lib/providers/upstream-urls";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/schemas";
import { pageUser } from "../page-user";
import { GrantDefaultsForm } from "./grant-defaults-form";
import { ManagementKeysCard } from "./management-keys-card";
import { PoliciesForm } from "./policies-form";
import { PricesForm } from "./prices-form";
import { UpstreamsForm } from "./upstreams-form";
import { WebhooksCard } from "./webhooks-card";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await pageUser();
  const [defaults, policies, upstreams, prices, managementKeys, webhooks] = await Promise.all([
    getGrantDefaults(db(), user.id),
    listAutoApprovePolicies(db(), user.id),
    listUpstreams(db()),
    listPriceOverrides(db()),
    listManagementKeys(db(), user.id),
    listWebhooks(db(), user.id),
  ]);
  const providers = listProviders().map((p) => ({ id: p.id, name: p.name }));
  const names = Object.fromEntries(providers.map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader title="Settings" />
      <GrantDefaultsForm defaults={toGrantDefaultsView(defaults)} />
      <PoliciesForm policies={policies} providers={providers} />
      <UpstreamsForm upstreams={upstreams} names={names} canEdit={user.role === "owner"} />
      <PricesForm prices={prices} names={names} canEdit={user.role === "owner"} />
      <ManagementKeysCard keys={managementKeys} />
      <WebhooksCard webhooks={webhooks} events={WEBHOOK_EVENTS} />
    </>
  );
}
