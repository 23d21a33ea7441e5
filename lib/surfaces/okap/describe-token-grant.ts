/**
 * [ext] GET /okap/grant: what an okap_ token may still do, for the app that holds it (so it can show
 * its user how much is left). The token is read from any header a provider SDK uses and checked
 * exactly as the proxy checks it (lib/surfaces/proxy/authorize-proxy-request.ts); a revoked or expired token
 * gets the proxy's 401, a paused grant answers with status "paused". Never shows key material.
 */
import { isSealed } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { vaultSealedError } from "@/lib/foundation/errors/unavailable-errors";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { scopeSpend, type WindowSpend } from "@/lib/domain/grants/scope-spend";
import { scopeLimits } from "@/lib/engines/okap/granted-scope";
import { microsToUsd } from "@/lib/foundation/money/micros";
import { listProviders } from "@/lib/engines/providers/registry";
import { tokenFromRequest } from "@/lib/engines/providers/token-from-request";
import { grantForToken } from "@/lib/surfaces/proxy/authorize-proxy-request";
import type { LedgerStore, ScopeRecord } from "@/lib/engines/ledger/ledger-store";
import { isoSeconds } from "@/lib/engines/okap/render-outcome";
import { OKAP_VERSION } from "@/lib/engines/okap/types";

type Headers = Readonly<Record<string, string | undefined>>;

/** Authorization: Bearer, then each provider SDK's own header (x-api-key, x-goog-api-key), then ?key=. */
function tokenFromAnyHeader(headers: Headers, query: URLSearchParams): string | null {
  for (const info of listProviders()) {
    const token = tokenFromRequest(info, headers, query);
    if (token) return token;
  }
  return null;
}

const usd = (micros: bigint | null) => (micros === null ? null : microsToUsd(micros));

function budget(w: WindowSpend) {
  return {
    window: w.window,
    limit: usd(w.capMicros),
    spent: usd(w.committedMicros),
    reserved: usd(w.heldMicros),
    remaining: usd(w.remainingMicros),
    limit_micros: w.capMicros === null ? null : String(w.capMicros),
    spent_micros: String(w.committedMicros),
    reserved_micros: String(w.heldMicros),
    remaining_micros: w.remainingMicros === null ? null : String(w.remainingMicros),
    resets_at: isoSeconds(w.resetsAt),
  };
}

function wireLimits(s: ScopeRecord): Record<string, number> {
  return Object.fromEntries(Object.entries(scopeLimits(s)).map(([k, v]) => [k, typeof v === "bigint" ? microsToUsd(v) : v]));
}

export async function describeTokenGrant(
  db: Db,
  store: LedgerStore,
  headers: Headers,
  query: URLSearchParams,
  publicUrl: string,
  now = new Date(),
): Promise<Record<string, unknown>> {
  if (isSealed()) throw vaultSealedError();
  const grant = await grantForToken(store, tokenFromAnyHeader(headers, query), now.getTime());
  const row = await db.grant.findUnique({ where: { id: grant.grantId }, select: { clientName: true, createdAt: true } });
  if (!row) throw new VaultError("invalid_token", "The API key is not a valid vault token. Use the okap_ token your vault issued.");
  const spend = await scopeSpend(
    db,
    grant.scopes.map((s) => ({ id: s.scopeId, monthlyCapMicros: s.monthlyCapMicros, dailyCapMicros: s.dailyCapMicros })),
    now,
  );
  return {
    okap: OKAP_VERSION,
    grant_id: grant.grantId,
    status: grant.status === "active" ? "active" : "paused",
    client_name: row.clientName,
    created_at: isoSeconds(row.createdAt),
    expires_at: isoSeconds(new Date(grant.expiresAtMs)),
    authorization_details: [...grant.scopes]
      .sort((x, y) => x.provider.localeCompare(y.provider) || x.scopeId.localeCompare(y.scopeId))
      .map((s) => ({
        type: "ai_model_access",
        provider: s.provider,
        models: s.models,
        capabilities: s.capabilities,
        limits: wireLimits(s),
        base_url: `${publicUrl}/v1/${s.provider}`,
        budget: { monthly: budget(spend.get(s.scopeId)!.month), daily: budget(spend.get(s.scopeId)!.day) },
      })),
  };
}
