/**
 * Which credentials a call uses and where it may go. Destinations are checked here, before any
 * value is decrypted: every credential used must be bound to the call's origin. In the path form
 * the scheme is https, unless every credential binds the host as an exact http:// origin.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { allowsPrivateAddress, formatOrigin, matchingDestination, type TargetOrigin } from "@/lib/engines/credentials/destinations";
import type { ApiCredentialRecord, ApiScopeRecord } from "@/lib/surfaces/credential-proxy/api-scope-cache";
import type { ApiTarget } from "@/lib/surfaces/credential-proxy/parse-api-target";

export const OAUTH2_ALIAS = "OAUTH2_ACCESS_TOKEN";

export type CredentialPlan = {
  origin: TargetOrigin;
  /** By the name the call used (the OAuth2 alias included). */
  credentials: Map<string, ApiCredentialRecord>;
  allowPrivate: boolean;
};

export type MissingCredential = { name: string; heldByOwner: boolean };

function pickAccount(candidates: ApiCredentialRecord[], account: string | undefined, name: string): ApiCredentialRecord {
  if (account !== undefined) {
    const hit = candidates.find((c) => c.account === account);
    if (!hit) throw new VaultError("permission_denied", `This grant does not hold the account "${account.slice(0, 100)}" of ${name}.`);
    return hit;
  }
  return candidates.find((c) => c.account === "") ?? candidates[0]!;
}

function originsFor(target: ApiTarget): TargetOrigin[] {
  if (target.scheme) return [{ scheme: target.scheme, host: target.host, port: target.port ?? (target.scheme === "https" ? 443 : 80) }];
  return [
    { scheme: "https", host: target.host, port: target.port ?? 443 },
    { scheme: "http", host: target.host, port: target.port ?? 80 },
  ];
}

/**
 * Throws domain_not_allowed when no origin admits every credential. Names missing from the grant
 * are returned to the caller (who decides between credential_not_found, permission_denied and an
 * on-demand approval).
 */
export function planCredentials(
  scope: ApiScopeRecord,
  target: ApiTarget,
  names: ReadonlySet<string>,
  account: string | undefined,
): { plan: CredentialPlan | null; missing: string[] } {
  const origins = originsFor(target);
  const chosen = new Map<string, ApiCredentialRecord>();
  const missing: string[] = [];
  for (const name of names) {
    const candidates =
      name === OAUTH2_ALIAS
        ? scope.credentials.filter((c) => c.kind === "oauth2" && origins.some((o) => matchingDestination(c.destinations, o)))
        : scope.credentials.filter((c) => c.name === name);
    if (candidates.length === 0) missing.push(name);
    else chosen.set(name, pickAccount(candidates, account, name));
  }
  if (missing.length) return { plan: null, missing };
  const used = [...chosen.values()];
  // https first; http only through exact http:// destinations (a wildcard is always https)
  const origin = origins.find((o) => used.every((c) => matchingDestination(c.destinations, o))) ?? null;
  if (!origin) {
    const o = origins[0]!;
    const stray = used.find((c) => !matchingDestination(c.destinations, o))!;
    throw new VaultError("domain_not_allowed", `${stray.name} may not be sent to ${formatOrigin(o)} (not one of its destinations).`, {
      extra: { domain: formatOrigin(o) },
    });
  }
  const allowPrivate = used.length > 0 && used.every((c) => allowsPrivateAddress(matchingDestination(c.destinations, origin)!));
  return { plan: { origin, credentials: chosen, allowPrivate }, missing: [] };
}
