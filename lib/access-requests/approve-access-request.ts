import type { Actor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { VaultError } from "@/lib/errors/vault-error";
import { callbackOriginDiffers } from "@/lib/okap/client-url";
import { parseInput } from "@/lib/validation/parse-input";
import { approveInput, toApprovalChoices } from "./approve-input";
import { findAccessRequestOrThrow } from "./find-access-request-or-throw";
import { recordApproval } from "./record-approval";

/**
 * The owner approves a request, possibly tightened (approve-input.ts). A browser-redirect request
 * whose callback leaves the app's origin needs confirm_callback: true.
 */
export async function approveAccessRequest(db: Db, actor: Actor, userId: string, requestId: string, input: unknown): Promise<{ grantId: string }> {
  const parsed = parseInput(approveInput, input ?? {});
  const row = await findAccessRequestOrThrow(db, userId, requestId);
  if (row.delivery === "redirect" && callbackOriginDiffers(row.clientUrl, row.callbackUrl) && parsed.confirm_callback !== true) {
    throw new VaultError("invalid_request", "The callback is on another site than the app's URL: confirm that you trust it.", { field: "confirm_callback" });
  }
  return recordApproval(db, actor, row, toApprovalChoices(parsed));
}
