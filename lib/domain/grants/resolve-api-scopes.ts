/**
 * What the api_access entries of a grant allow = what the app asked for ∩ what the owner chose ∩
 * the defaults. Pure. Credentials: those the app named, or (without names) the owner's credentials
 * whose destinations cover a requested host; of several accounts of one name the default account
 * (or the first) unless the owner picked. Methods and limits only tighten; path prefixes are the
 * owner's own narrowing. A wildcard entry starts with no host: hosts are approved on demand.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { destinationCoversHost, parseDestination } from "@/lib/engines/credentials/destinations";
import type { ApiLimits, RequestedApiEntry } from "@/lib/engines/okap/types";
import type { GrantDefaults } from "@/lib/domain/grants/grant-defaults";

export type ApiEntryChoice = {
  excluded?: boolean;
  credentialIds?: string[] | null;
  methods?: string[] | null;
  pathPrefixes?: string[] | null;
  limits?: ApiLimits;
};

export type CredentialCandidate = { id: string; name: string; account: string; destinations: string[] };

export type ApprovedApiScope = {
  hosts: string[];
  wildcard: boolean;
  credentialIds: string[];
  methods: string[];
  pathPrefixes: string[];
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
};

function invalid(message: string, field: string): never {
  throw new VaultError("invalid_request", message, { field });
}

/** The owner's credentials this entry could use (all accounts), in name then account order. */
export function candidatesFor(entry: Pick<RequestedApiEntry, "hosts" | "credentials">, all: readonly CredentialCandidate[]) {
  if (entry.credentials.length > 0) return all.filter((c) => entry.credentials.includes(c.name));
  if (entry.hosts.includes("*")) return [];
  return all.filter((c) => c.destinations.some((d) => entry.hosts.some((h) => destinationCoversHost(parseDestination(d), h))));
}

/** One credential per name: the default account ("") or the first; what the owner gets unless they pick. */
export function defaultCredentials(candidates: readonly CredentialCandidate[]): CredentialCandidate[] {
  const byName = new Map<string, CredentialCandidate>();
  for (const c of candidates) {
    const held = byName.get(c.name);
    if (!held || (c.account === "" && held.account !== "")) byName.set(c.name, c);
  }
  return [...byName.values()];
}

function tighten(requested: number | undefined, chosen: number | undefined, fallback: number | null): number | null {
  if (requested !== undefined && chosen !== undefined) return Math.min(requested, chosen);
  return requested ?? chosen ?? fallback;
}

export function resolveApiScope(
  entry: RequestedApiEntry,
  choice: ApiEntryChoice,
  defaults: GrantDefaults,
  all: readonly CredentialCandidate[],
  field: string,
): ApprovedApiScope {
  const candidates = candidatesFor(entry, all);
  const missing = entry.credentials.filter((name) => !candidates.some((c) => c.name === name));
  if (missing.length)
    throw new VaultError("provider_not_configured", `This vault has no credential named ${missing.join(", ")} any more.`, {
      extra: { credentials: missing },
    });
  let credentialIds = defaultCredentials(candidates).map((c) => c.id);
  if (choice.credentialIds?.length) {
    const stray = choice.credentialIds.find((id) => !candidates.some((c) => c.id === id));
    if (stray) invalid("that credential is not one this entry may use", `${field}.credential_ids`);
    credentialIds = [...new Set(choice.credentialIds)];
  }
  let methods = entry.methods;
  if (choice.methods?.length) {
    methods = entry.methods.length ? entry.methods.filter((m) => choice.methods!.includes(m)) : [...new Set(choice.methods)];
    if (methods.length === 0) invalid("pick at least one of the requested methods", `${field}.methods`);
  }
  const wildcard = entry.hosts.includes("*");
  return {
    hosts: wildcard ? [] : entry.hosts,
    wildcard,
    credentialIds,
    methods,
    pathPrefixes: [...new Set(choice.pathPrefixes ?? [])],
    requestsPerMinute: tighten(entry.limits.requests_per_minute, choice.limits?.requests_per_minute, defaults.requestsPerMinute),
    requestsPerDay: tighten(entry.limits.requests_per_day, choice.limits?.requests_per_day, null),
  };
}
