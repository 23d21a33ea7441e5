/**
 * The checks of a proxied request, in the order of the design: token checksum (no database query
 * for garbage), keyed-hash lookup, revoked, expired, provider, capability (default deny), model.
 * Each failure is a VaultError the proxy renders in the provider's envelope.
 */
import { hashSecret, isWellFormedSecret } from "@/lib/foundation/crypto/secret-token";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { Endpoint, Headers, ProviderAdapter } from "@/lib/engines/providers/types";
import { guardStore } from "@/lib/engines/ledger/guard-store";
import { findGrant } from "@/lib/surfaces/proxy/grant-cache";
import type { GrantRecord, LedgerStore, ScopeRecord } from "@/lib/engines/ledger/ledger-store";

const INVALID_TOKEN = "The API key is not a valid vault token. Use the okap_ token your vault issued.";

/**
 * The grant behind a token (checksum first, then the cached keyed-hash lookup), refused when the token
 * or its grant is revoked or expired. A paused grant is returned: the caller decides what pausing means.
 */
export async function grantForToken(store: LedgerStore, token: string | null, nowMs: number): Promise<GrantRecord> {
  if (!token) throw new VaultError("invalid_token", "No API key was sent. Use the okap_ token your vault issued as the API key.");
  if (!isWellFormedSecret("okap", token)) throw new VaultError("invalid_token", INVALID_TOKEN);
  const grant = await guardStore(findGrant(store, hashSecret(vaultKeys().tokenPepper, token), nowMs));
  if (!grant) throw new VaultError("invalid_token", INVALID_TOKEN);
  if (grant.tokenRevoked || grant.status === "revoked") throw new VaultError("token_revoked", "This token was revoked by the vault owner.");
  if (grant.expiresAtMs <= nowMs) throw new VaultError("token_expired", "This token has expired. Ask the vault owner for a new grant.");
  return grant;
}

export async function authorizeToken(
  adapter: ProviderAdapter,
  store: LedgerStore,
  headers: Headers,
  query: URLSearchParams,
  nowMs: number,
): Promise<GrantRecord> {
  const grant = await grantForToken(store, adapter.tokenFrom(headers, query), nowMs);
  if (grant.status !== "active") throw new VaultError("grant_paused", "The vault owner paused this grant.");
  return grant;
}

/** A list with at least one element. */
export type NonEmpty<T> = [T, ...T[]];

function nonEmpty<T>(list: T[]): list is NonEmpty<T> {
  return list.length > 0;
}

/** The endpoint (refused when there is none) and the grant's entries for this provider that allow it. */
export function scopesForEndpoint<E extends Endpoint>(
  grant: GrantRecord,
  adapter: ProviderAdapter,
  endpoint: E | null,
): { endpoint: E; scopes: NonEmpty<ScopeRecord> } {
  const scopes = grant.scopes.filter((s) => s.provider === adapter.info.id);
  if (!nonEmpty(scopes)) throw new VaultError("provider_not_allowed", `This token does not grant access to ${adapter.info.name}.`);
  if (!endpoint) throw new VaultError("unknown_endpoint", "The vault does not proxy this endpoint.");
  const capability = endpoint.capability;
  if (capability === null) return { endpoint, scopes };
  const allowed = scopes.filter((s) => s.capabilities.includes(capability));
  if (!nonEmpty(allowed)) throw new VaultError("capability_not_allowed", `This token does not grant the "${capability}" capability.`);
  return { endpoint, scopes: allowed };
}

/** The first entry that allows the model (an empty model list allows every model). */
export function scopeForModel(scopes: NonEmpty<ScopeRecord>, endpoint: Endpoint, model: string | null): ScopeRecord {
  if (model === null) {
    if (endpoint.body === "json") throw new VaultError("invalid_request", "The request body needs a string `model`.");
    const open = scopes.find((s) => s.models.length === 0);
    if (open || endpoint.body === "none") return open ?? scopes[0];
    throw new VaultError("model_not_allowed", "This grant is limited to some models, and the model of an upload cannot be checked.");
  }
  const scope = scopes.find((s) => s.models.length === 0 || s.models.includes(model));
  if (!scope) throw new VaultError("model_not_allowed", `This token does not grant the model "${model.slice(0, 100)}".`);
  return scope;
}
