import { PageHeader } from "@/components/page-header";
import { db } from "@/lib/foundation/db/client";
import { getGrantDefaults, toGrantDefaultsView } from "@/lib/domain/grants/grant-defaults";
import { listAutoApprovePolicies } from "@/lib/domain/grants/list-auto-approve-policies";
import { listManagementKeys } from "@/lib/domain/management-keys/list-management-keys";
import { listPriceOverrides } from "@/lib/domain/prices/list-price-overrides";
import { listProviders } from "@/lib/engines/providers/registry";
import { listUpstreams } from "@/lib/domain/upstreams/upstream-urls";
import { listWebhooks } from "@/lib/domain/webhooks/list-webhooks";
import { WEBHOOK_EVENTS } from "@/lib/domain/webhooks/schemas";
import { pageUser } from "@/app/(dashboard)/page-user";
import { AccountCard } from "@/app/(dashboard)/settings/account-card";
import { SessionsCard } from "@/app/(dashboard)/settings/sessions-card";
import { PASSWORD_MIN } from "@/lib/domain/auth/password";
import { accountView } from "@/lib/domain/auth/account-view";
import { listSessions } from "@/lib/domain/auth/sessions/list-sessions";
import { currentSession } from "@/lib/surfaces/ui/session";
import { GrantDefaultsForm } from "@/app/(dashboard)/settings/grant-defaults-form";
import { ManagementKeysCard } from "@/app/(dashboard)/settings/management-keys-card";
import { PoliciesForm } from "@/app/(dashboard)/settings/policies-form";
import { PricesForm } from "@/app/(dashboard)/settings/prices-form";
import { UpstreamsForm } from "@/app/(dashboard)/settings/upstreams-form";
import { WebhooksCard } from "@/app/(dashboard)/settings/webhooks-card";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await pageUser();
  const session = await currentSession();
  const [account, sessions, defaults, policies, upstreams, prices, managementKeys, webhooks] = await Promise.all([
    accountView(db(), user.id),
    listSessions(db(), user.id, session?.id ?? null),
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
      <AccountCard
        email={user.email}
        passwordMin={PASSWORD_MIN}
        totpEnabled={account.totp_enabled}
        recoveryCodesLeft={account.recovery_codes_left}
      />
      <SessionsCard sessions={sessions} />
      <GrantDefaultsForm defaults={toGrantDefaultsView(defaults)} />
      <PoliciesForm policies={policies} providers={providers} />
      <UpstreamsForm upstreams={upstreams} names={names} canEdit={user.role === "owner"} />
      <PricesForm prices={prices} names={names} canEdit={user.role === "owner"} />
      <ManagementKeysCard keys={managementKeys} />
      <WebhooksCard webhooks={webhooks} events={WEBHOOK_EVENTS} />
    </>
  );
}
