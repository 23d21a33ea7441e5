import { PageHeader } from "@/components/page-header";
import { db } from "@/lib/db/client";
import { listUpstreams } from "@/lib/providers/upstream-urls";
import { listProviders } from "@/lib/providers/registry";
import { getGrantDefaults, toGrantDefaultsView } from "@/lib/grants/grant-defaults";
import { listAutoApprovePolicies } from "@/lib/grants/list-auto-approve-policies";
import { pageUser } from "../page-user";
import { GrantDefaultsForm } from "./grant-defaults-form";
import { PoliciesForm } from "./policies-form";
import { UpstreamsForm } from "./upstreams-form";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await pageUser();
  const upstreams = await listUpstreams(db());
  const names = Object.fromEntries(listProviders().map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader title="Settings" />
      <GrantDefaultsForm defaults={toGrantDefaultsView(await getGrantDefaults(db(), user.id))} />
      <PoliciesForm policies={await listAutoApprovePolicies(db(), user.id)} providers={listProviders().map((p) => ({ id: p.id, name: p.name }))} />
      <UpstreamsForm upstreams={upstreams} names={names} canEdit={user.role === "owner"} />
    </>
  );
}
