import type { Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { callbackOriginDiffers } from "@/lib/engines/okap/client-url";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { approveInput, toApprovalChoices } from "@/lib/domain/access-requests/approve-input";
import { findAccessRequestOrThrow } from "@/lib/domain/access-requests/find-access-request-or-throw";
import { recordApproval, type ApprovalGate } from "@/lib/domain/access-requests/record-approval";

/**
 * The owner approves a request, possibly tightened (approve-input.ts). A browser-redirect request
 * whose callback leaves the app's origin needs confirm_callback: true.
 */
export async function approveAccessRequest(
  db: Db,
  actor: Actor,
  userId: string,
  requestId: string,
  input: unknown,
  gate?: ApprovalGate,
): Promise<{ grantId: string }> {
  const parsed = parseInput(approveInput, input ?? {});
  const row = await findAccessRequestOrThrow(db, userId, requestId);
  if (row.delivery === "redirect" && callbackOriginDiffers(row.clientUrl, row.callbackUrl) && parsed.confirm_callback !== true) {
    throw new VaultError("invalid_request", "The callback is on another site than the app's URL: confirm that you trust it.", {
      field: "confirm_callback",
    });
  }
  return recordApproval(db, actor, row, toApprovalChoices(parsed), new Date(), gate);
}
