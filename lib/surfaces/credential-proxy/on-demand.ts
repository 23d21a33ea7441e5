/**
 * Wildcard grants approve hosts (and credentials) on demand: the first call to a host the owner has
 * not decided answers 403 insufficient_scope with an access request the owner sees in the usual
 * inbox (`approval_url`, `request_id`, `poll_url`, `poll_secret`). Calls while it is pending get the
 * same request with a fresh poll secret. A credential the owner holds but the grant does not is
 * asked for the same way on a wildcard grant, and refused (permission_denied) on a fixed one.
 */
import { db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { GrantRecord } from "@/lib/engines/ledger/ledger-store";
import { requestHostExtension } from "@/lib/domain/access-requests/request-host-extension";
import type { ApiScopeRecord } from "@/lib/surfaces/credential-proxy/api-scope-cache";
import { acceptedBody } from "@/lib/surfaces/okap/render-poll";
import type { Actor } from "@/lib/domain/audit/record-audit-event";

export async function askForHost(
  app: Actor,
  grant: GrantRecord,
  scope: ApiScopeRecord,
  hostKey: string,
  credentials: string[],
): Promise<VaultError> {
  const missingScopes = credentials.length ? credentials.map((c) => `${hostKey}:${c}`) : [hostKey];
  const created = await requestHostExtension(db(), app, {
    grantId: grant.grantId,
    scopeId: scope.scopeId,
    host: hostKey,
    credentials,
  });
  const body = acceptedBody(created);
  return new VaultError("insufficient_scope", `The vault owner has not approved ${missingScopes.join(", ")} for this grant yet.`, {
    extra: {
      approval_url: String(body.approval_url),
      approval_request_id: created.id,
      poll_url: String(body.poll_url),
      poll_secret: created.pollSecret ?? "",
      missing_scopes: missingScopes,
    },
  });
}

export async function refuseMissing(
  app: Actor,
  grant: GrantRecord,
  scope: ApiScopeRecord,
  hostKey: string,
  missing: string[],
): Promise<VaultError> {
  const held = await db().credential.findMany({ where: { userId: grant.userId, name: { in: missing } }, select: { name: true } });
  const unknown = missing.filter((n) => n !== "OAUTH2_ACCESS_TOKEN" && !held.some((h) => h.name === n));
  if (unknown.length || (missing.includes("OAUTH2_ACCESS_TOKEN") && held.length === 0 && missing.length === 1)) {
    const names = unknown.length ? unknown : missing;
    return new VaultError("credential_not_found", `The vault has no credential named ${names.join(", ")} for this call.`, {
      extra: { credentials: names },
    });
  }
  if (scope.wildcard) return askForHost(app, grant, scope, hostKey, missing);
  return new VaultError("permission_denied", `This grant does not include ${missing.join(", ")} for ${hostKey}.`, {
    extra: { missing_scopes: missing.map((m) => `${hostKey}:${m}`) },
  });
}
