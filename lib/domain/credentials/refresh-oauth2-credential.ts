/**
 * OAuth2 refresh (RFC 6749 §6) of a stored credential: POST grant_type=refresh_token to its
 * token_url (client id and secret in the form body), store the new access token (and the new refresh
 * token, if the server rotated it) encrypted in the same row, and tell every instance. The response
 * and any error never carry a token value out of here.
 */
import { recordAuditEvent } from "@/lib/domain/audit/record-audit-event";
import type { KeyRing } from "@/lib/foundation/crypto/key-ring";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { credentialLast4, openCredential, sealCredential } from "@/lib/domain/credentials/credential-cipher";
import type { CredentialSecret } from "@/lib/domain/credentials/schemas";
import { notifyAllGrantsChanged } from "@/lib/domain/grants/notify-grant-changed";

const REFRESH_TIMEOUT_MS = 15_000;

type OAuth2 = Extract<CredentialSecret, { kind: "oauth2" }>;

/** Whether the stored access token has expired (with a 30 s margin). */
export function oauth2Expired(secret: CredentialSecret, nowMs = Date.now()): boolean {
  return secret.kind === "oauth2" && !!secret.expires_at && Date.parse(secret.expires_at) - 30_000 <= nowMs;
}

export function canRefresh(secret: CredentialSecret): secret is OAuth2 {
  return secret.kind === "oauth2" && !!secret.refresh_token && !!secret.token_url;
}

async function askTokenEndpoint(secret: OAuth2): Promise<{ access_token: string; refresh_token?: string; expires_in?: number }> {
  const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: secret.refresh_token! });
  if (secret.client_id) form.set("client_id", secret.client_id);
  if (secret.client_secret) form.set("client_secret", secret.client_secret);
  let res: Response;
  try {
    res = await fetch(secret.token_url!, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form,
      redirect: "error",
      signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new VaultError("upstream_error", "The OAuth2 token endpoint could not be reached to refresh the access token.", { cause: error });
  }
  const body = (await res.json().catch(() => null)) as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } | null;
  if (!res.ok || typeof body?.access_token !== "string" || body.access_token.length === 0 || body.access_token.length > 8192)
    throw new VaultError("upstream_auth_failed", `The OAuth2 token endpoint refused to refresh the access token (HTTP ${res.status}).`);
  return {
    access_token: body.access_token,
    refresh_token: typeof body.refresh_token === "string" && body.refresh_token.length <= 8192 ? body.refresh_token : undefined,
    expires_in: typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : undefined,
  };
}

export async function refreshOAuth2Credential(db: Db, ring: KeyRing, credentialId: string, now = new Date()): Promise<CredentialSecret> {
  const row = await db.credential.findUnique({ where: { id: credentialId } });
  if (!row) throw new VaultError("credential_not_found", "The credential was removed.");
  const secret = openCredential(ring, row);
  if (!canRefresh(secret)) return secret;
  const answer = await askTokenEndpoint(secret);
  const next: CredentialSecret = {
    ...secret,
    access_token: answer.access_token,
    refresh_token: answer.refresh_token ?? secret.refresh_token,
    expires_at: answer.expires_in ? new Date(now.getTime() + answer.expires_in * 1000).toISOString() : null,
  };
  await db.$transaction(async (tx) => {
    await tx.credential.update({
      where: { id: row.id },
      data: { ciphertext: sealCredential(ring, row, next), last4: credentialLast4(next) },
    });
    await recordAuditEvent(
      tx,
      { type: "system" },
      { userId: row.userId, action: "credential.refreshed", targetType: "credential", targetId: row.id, metadata: { name: row.name } },
    );
    await notifyAllGrantsChanged(tx); // every instance reloads the credential's ciphertext
  });
  return next;
}
