/**
 * A grant's api_access entries with the credentials bound to them (ciphertexts, decrypted only at
 * use), through a short cache dropped by any change of the grant (the same notifications as the
 * token cache, lib/surfaces/proxy/grant-cache.ts) and by credential changes.
 */
import { db } from "@/lib/foundation/db/client";
import { onChange } from "@/lib/foundation/cluster/apply-change";
import { ttlCache } from "@/lib/foundation/runtime/ttl-cache";
import { parseDestination, type Destination } from "@/lib/engines/credentials/destinations";
import { parseJsonList } from "@/lib/engines/ledger/ledger-store";

export type ApiCredentialRecord = {
  id: string;
  userId: string;
  name: string;
  kind: string;
  account: string;
  destinations: Destination[];
  ciphertext: Uint8Array;
};

export type ApiScopeRecord = {
  scopeId: string;
  hosts: string[];
  wildcard: boolean;
  refusedHosts: string[];
  methods: string[];
  pathPrefixes: string[];
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
  credentials: ApiCredentialRecord[];
};

const scopes = ttlCache<string, ApiScopeRecord[]>("api-scope-cache", { ttlMs: 500, maxEntries: 10_000 });

async function load(grantId: string): Promise<ApiScopeRecord[]> {
  const rows = await db().apiGrantScope.findMany({
    where: { grantId },
    orderBy: { id: "asc" },
    include: { credentials: { include: { credential: true } } },
  });
  return rows.map((r) => ({
    scopeId: r.id,
    hosts: parseJsonList(r.hosts),
    wildcard: r.wildcard,
    refusedHosts: parseJsonList(r.refusedHosts),
    methods: parseJsonList(r.methods),
    pathPrefixes: parseJsonList(r.pathPrefixes),
    requestsPerMinute: r.requestsPerMinute,
    requestsPerDay: r.requestsPerDay,
    credentials: r.credentials.map(({ credential: c }) => ({
      id: c.id,
      userId: c.userId,
      name: c.name,
      kind: c.kind,
      account: c.account,
      destinations: parseJsonList(c.destinations).map(parseDestination),
      ciphertext: c.ciphertext,
    })),
  }));
}

export function apiScopesOf(grantId: string, nowMs = Date.now()): Promise<ApiScopeRecord[]> {
  return scopes.get(grantId, () => load(grantId), nowMs);
}

export function dropCachedApiScopes(grantId?: string): void {
  scopes.forget(grantId);
}

onChange("api-scope-cache", ["grant", "grants"], (change) =>
  change.kind === "grant" ? dropCachedApiScopes(change.id) : dropCachedApiScopes(),
);
