import { PageHeader } from "@/components/page-header";
import { db } from "@/lib/db/client";
import { listPriceOverrides } from "@/lib/pricing/list-price-overrides";
import { listUpstreams } from "@/lib/providers/upstream-urls";
import { listProviders } from "@/lib/providers/registry";
import { pageUser } from "../page-user";
import { PricesForm } from "./prices-form";
import { UpstreamsForm } from "./upstreams-form";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await pageUser();
  const [upstreams, prices] = await Promise.all([listUpstreams(db()), listPriceOverrides(db())]);
  const names = Object.fromEntries(listProviders().map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader title="Settings" />
      <div className="space-y-6">
        <UpstreamsForm upstreams={upstreams} names={names} canEdit={user.role === "owner"} />
        <PricesForm prices={prices} names={names} canEdit={user.role === "owner"} />
      </div>
    </>
  );
}
