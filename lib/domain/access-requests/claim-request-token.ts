/**
 * Mints the token of an approved request at the moment it is delivered (the waiting connection, the
 * first poll after approval, or the code redemption), exactly once: tokenIssuedAt is set with a
 * conditional update in the transaction that stores the token's keyed hash. The plaintext exists only
 * in the return value, on its way into the one response that carries it.
 */
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { newId } from "@/lib/foundation/crypto/random";
import { hashSecret, mintSecret, secretLast4 } from "@/lib/foundation/crypto/secret-token";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { grantedApiScopeFromRow, grantedScopeFromRow } from "@/lib/domain/grants/granted-scope-from-row";
import type { Delivered } from "@/lib/engines/okap/render-outcome";
import { parseStoredRequest } from "@/lib/engines/okap/stored-request";

export type ClaimCondition = { codeHash?: string; codeExpiresAt?: { gt: Date } };

/** Null when the token was already delivered (or the request is not approved / the condition fails). */
export async function claimRequestToken(
  db: Db,
  actor: Actor,
  requestId: string,
  condition: ClaimCondition = {},
  now = new Date(),
): Promise<Delivered | null> {
  const pepper = vaultKeys().tokenPepper;
  return withTransaction(db, async (tx) => {
    const claimed = await tx.accessRequest.updateMany({
      where: { id: requestId, status: "approved", tokenIssuedAt: null, grantId: { not: null }, ...condition },
      data: { tokenIssuedAt: now },
    });
    if (claimed.count === 0) return null;
    const request = await tx.accessRequest.findUniqueOrThrow({
      where: { id: requestId },
      select: {
        userId: true,
        delivery: true,
        body: true,
        grant: {
          include: { scopes: true, apiScopes: { include: { credentials: { include: { credential: { select: { name: true } } } } } } },
        },
      },
    });
    const grant = request.grant!;
    const token = mintSecret("okap");
    const tokenId = newId("tok");
    await tx.token.create({
      data: { id: tokenId, grantId: grant.id, hash: hashSecret(pepper, token), last4: secretLast4(token), createdAt: now },
    });
    await recordAuditEvent(tx, actor, {
      userId: request.userId,
      action: "grant.token_issued",
      targetType: "token",
      targetId: tokenId,
      metadata: { grant_id: grant.id, request_id: requestId, delivery: request.delivery, last4: secretLast4(token) },
    });
    const order = parseStoredRequest(request.body).entries.map((e) => e.provider as string);
    const scopes = [...grant.scopes].sort((a, b) => order.indexOf(a.provider) - order.indexOf(b.provider)).map(grantedScopeFromRow);
    return { token, scopes, apiScopes: grant.apiScopes.map(grantedApiScopeFromRow), expiresAt: grant.expiresAt, createdAt: now };
  });
}
