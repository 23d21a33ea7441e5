import { PageHeader } from "@/components/page-header";
import { ApiCallTable } from "@/components/credentials/api-call-table";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/foundation/db/client";
import { listApiCalls } from "@/lib/domain/api-calls/list-api-calls";
import { listCredentials } from "@/lib/domain/credentials/list-credentials";
import { pageUser } from "@/app/(dashboard)/page-user";
import { CredentialsClient } from "@/app/(dashboard)/credentials/credentials-client";

export const metadata = { title: "API credentials" };

export default async function CredentialsPage() {
  const user = await pageUser();
  const [credentials, calls] = await Promise.all([listCredentials(db(), user.id), listApiCalls(db(), user.id, { limit: 25 })]);
  return (
    <>
      <PageHeader
        title="API credentials"
        description="Tokens and keys of other APIs (GitHub, Stripe, Jira, OAuth2, your own services), encrypted. Each is sent only to its destinations, only for apps you granted, through /proxy; apps never see the value."
      />
      <CredentialsClient initial={credentials} />
      <Card
        title="Recent calls"
        description={`${calls.total} call${calls.total === 1 ? "" : "s"} through the credential proxy; refused ones included.`}
      >
        <ApiCallTable calls={calls.data} />
      </Card>
    </>
  );
}
