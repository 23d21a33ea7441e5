import { approveRequestOperation } from "@/lib/surfaces/management-api/operations/requests";
import { managementRoute } from "@/lib/surfaces/management-api/management-route";
import { VaultError } from "@/lib/foundation/errors/vault-error";

/** Keys never grant new access (as in the keychains API): the owner approves, signed in. */
export const POST = managementRoute(approveRequestOperation, async () => {
  throw new VaultError(
    "forbidden",
    "Management keys cannot approve access requests: approve on the request's page (/approve/<id>) signed in as the owner, or with the CLI on the vault's machine.",
  );
});
