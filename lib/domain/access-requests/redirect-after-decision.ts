/**
 * [ext] Where the owner's browser goes after deciding a browser-redirect request: the app's exact
 * stored callback with a one-time code (approved; issued once, lives VAULT_OKAP_CODE_TTL_SECONDS)
 * or error=access_denied (denied), plus the app's state. Never the token. Null when there is nowhere
 * to go (not decided, expired, or the code was already handed out): the approval page says why.
 */
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { keyedHash } from "@/lib/foundation/crypto/key-ring";
import { randomBase62 } from "@/lib/foundation/crypto/random";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { findAccessRequestOrThrow } from "@/lib/domain/access-requests/find-access-request-or-throw";

export const CODE_PREFIX = "okc_";

export function authorizationCodeHash(code: string): string {
  return keyedHash(vaultKeys().authCodePepper, code);
}

function callbackWith(callback: string, params: Record<string, string | null>): string {
  const url = new URL(callback);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.href;
}

export async function redirectAfterDecision(db: Db, actor: Actor, userId: string, id: string, now = new Date()): Promise<string | null> {
  const row = await findAccessRequestOrThrow(db, userId, id);
  if (row.delivery !== "redirect" || !row.callbackUrl) return null;
  if (row.status === "denied") return callbackWith(row.callbackUrl, { error: "access_denied", state: row.redirectState });
  if (row.status !== "approved" || row.codeHash || row.tokenIssuedAt) return null;
  const code = CODE_PREFIX + randomBase62(40);
  const issued = await db.$transaction(async (tx) => {
    const changed = await tx.accessRequest.updateMany({
      where: { id, status: "approved", codeHash: null, tokenIssuedAt: null },
      data: { codeHash: authorizationCodeHash(code), codeExpiresAt: new Date(now.getTime() + env().okapCodeTtlSeconds * 1000) },
    });
    if (changed.count === 0) return false;
    await recordAuditEvent(tx, actor, {
      userId,
      action: "request.code_issued",
      targetType: "access_request",
      targetId: id,
      metadata: { callback_origin: new URL(row.callbackUrl!).origin },
    });
    return true;
  });
  return issued ? callbackWith(row.callbackUrl, { code, state: row.redirectState }) : null;
}
