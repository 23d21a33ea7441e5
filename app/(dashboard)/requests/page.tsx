import { PageHeader } from "@/components/page-header";
import { listAccessRequests } from "@/lib/domain/access-requests/list-access-requests";
import { db } from "@/lib/foundation/db/client";
import { listProviders } from "@/lib/engines/providers/registry";
import { pageUser } from "@/app/(dashboard)/page-user";
import { RequestsClient } from "@/app/(dashboard)/requests/requests-client";

export const metadata = { title: "Requests" };

export default async function RequestsPage() {
  const user = await pageUser();
  const requests = await listAccessRequests(db(), user.id, { limit: 50 });
  const names = Object.fromEntries(listProviders().map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader
        title="Requests"
        description="Apps asking for access to your keys. New requests appear here as they arrive; open one to review, tighten and approve or deny it."
      />
      <RequestsClient initial={requests} providerNames={names} />
    </>
  );
}
