/**
 * [ext] POST /okap/token: the app trades its one-time code and PKCE verifier for the token (dialect
 * B's granted body). Every failure is invalid_grant: unknown, expired (VAULT_OKAP_CODE_TTL_SECONDS)
 * or already used code, wrong or missing verifier. A used code presented again revokes the grant it
 * produced (RFC 6749 section 4.1.2): someone else holds that code.
 */
import { z } from "zod";
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { revokeGrantInTx } from "@/lib/domain/grants/revoke-grant";
import { log } from "@/lib/foundation/log";
import { verifierMatches } from "@/lib/engines/okap/pkce";
import { env } from "@/lib/foundation/env";
import { grantedBody } from "@/lib/engines/okap/render-outcome";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { claimRequestToken } from "@/lib/domain/access-requests/claim-request-token";
import { authorizationCodeHash, CODE_PREFIX } from "@/lib/domain/access-requests/redirect-after-decision";

const tokenInput = z.object({ code: z.string().max(200), code_verifier: z.string().max(200).optional() }).strict();

function invalidGrant(message: string): VaultError {
  return new VaultError("invalid_grant", message);
}

async function revokeReused(db: Db, app: Actor, row: { id: string; grantId: string | null; userId: string }): Promise<void> {
  if (!row.grantId) return;
  await db.$transaction((tx) =>
    revokeGrantInTx(tx, app, { id: row.grantId!, userId: row.userId }, `authorization code of ${row.id} was used twice`, new Date()),
  );
  log.warn("authorization code reused: grant revoked", { request_id: row.id, grant_id: row.grantId });
}

export async function redeemAuthorizationCode(db: Db, app: Actor, input: unknown, now = new Date()): Promise<Record<string, unknown>> {
  const { code, code_verifier: verifier } = parseInput(tokenInput, input);
  if (!code.startsWith(CODE_PREFIX)) throw invalidGrant("The code is not valid.");
  const row = await db.accessRequest.findUnique({ where: { codeHash: authorizationCodeHash(code) } });
  if (!row || !row.pkceChallenge) throw invalidGrant("The code is not valid.");
  if (row.tokenIssuedAt) {
    await revokeReused(db, app, row);
    throw invalidGrant("The code was already used; the token issued for it is revoked.");
  }
  if (!row.codeExpiresAt || row.codeExpiresAt.getTime() <= now.getTime())
    throw invalidGrant("The code expired; codes live 60 seconds by default.");
  if (!verifierMatches(verifier, row.pkceChallenge)) throw invalidGrant("code_verifier is missing or does not match the code_challenge.");
  const delivered = await claimRequestToken(db, app, row.id, { codeHash: row.codeHash!, codeExpiresAt: { gt: now } }, now);
  if (!delivered) {
    await revokeReused(db, app, row);
    throw invalidGrant("The code was already used; the token issued for it is revoked.");
  }
  return grantedBody("b", delivered, env().publicUrl);
}
