import { PageHeader } from "@/components/page-header";
import { db } from "@/lib/db/client";
import { listUpstreams } from "@/lib/providers/upstream-urls";
import { listProviders } from "@/lib/providers/registry";
import { pageUser } from "../page-user";
import { UpstreamsForm } from "./upstreams-form";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await pageUser();
  const upstreams = await listUpstreams(db());
  const names = Object.fromEntries(listProviders().map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader title="Settings" />
      <UpstreamsForm upstreams={upstreams} names={names} canEdit={user.role === "owner"} />
    </>
  );
}
