import { newId } from "@/lib/foundation/crypto/random";
import type { Tx } from "@/lib/foundation/db/client";
import type { ApprovedApiScope } from "@/lib/domain/grants/resolve-api-scopes";

/** Writes one approved api_access entry of a grant with its credential links (inside the approval's transaction). */
export async function createApiScope(tx: Tx, grantId: string, api: ApprovedApiScope): Promise<string> {
  const id = newId("gas");
  await tx.apiGrantScope.create({
    data: {
      id,
      grantId,
      hosts: JSON.stringify(api.hosts),
      wildcard: api.wildcard,
      methods: JSON.stringify(api.methods),
      pathPrefixes: JSON.stringify(api.pathPrefixes),
      requestsPerMinute: api.requestsPerMinute,
      requestsPerDay: api.requestsPerDay,
      credentials: { create: api.credentialIds.map((credentialId) => ({ credentialId })) },
    },
  });
  return id;
}
