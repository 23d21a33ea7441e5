/**
 * The grant's checks of a credential-proxy call, before any secret is touched: the entry that covers
 * the host (a wildcard entry's unapproved host needs the owner: on-demand approval), then method and
 * path prefix. Each refusal is a VaultError in the design's codes.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { ApiScopeRecord } from "@/lib/surfaces/credential-proxy/api-scope-cache";

export type HostDecision = { kind: "granted"; scope: ApiScopeRecord } | { kind: "ask"; scope: ApiScopeRecord };

/** The entry granting this host; `ask` when only a wildcard entry could (the owner has not decided yet). */
export function scopeForHost(scopes: readonly ApiScopeRecord[], hostKey: string): HostDecision {
  const granted = scopes.find((s) => s.hosts.includes(hostKey));
  if (granted) return { kind: "granted", scope: granted };
  const wildcard = scopes.find((s) => s.wildcard);
  if (wildcard?.refusedHosts.includes(hostKey)) {
    throw new VaultError("scope_refused", `The vault owner refused access to ${hostKey} for this grant.`, {
      extra: { refused_scopes: [hostKey] },
    });
  }
  if (wildcard) return { kind: "ask", scope: wildcard };
  throw new VaultError("permission_denied", `This token does not grant access to ${hostKey}.`, { extra: { domain: hostKey } });
}

function underPrefix(path: string, prefix: string): boolean {
  if (path === prefix || prefix === "/") return true;
  const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
  return path.startsWith(base);
}

export function checkMethodAndPath(scope: ApiScopeRecord, method: string, path: string): void {
  if (scope.methods.length && !scope.methods.includes(method)) {
    throw new VaultError("permission_denied", `This grant does not allow ${method} (only ${scope.methods.join(", ")}).`);
  }
  if (scope.pathPrefixes.length && !scope.pathPrefixes.some((p) => underPrefix(path, p))) {
    throw new VaultError("permission_denied", `This grant allows only the paths ${scope.pathPrefixes.join(", ")}.`);
  }
}
