/** The owner's grants (CLI now; the Grants page of the UI later): never a token hash or plaintext. */
import type { Db } from "@/lib/db/client";
import { limitsForDisplay } from "@/lib/okap/stored-request";
import { isoSeconds } from "@/lib/okap/render-outcome";
import { grantedScopeFromRow } from "./granted-scope-from-row";
import { scopeLimits } from "./resolve-approved-grant";

export type GrantView = {
  id: string;
  status: "active" | "paused" | "revoked" | "expired";
  client_name: string;
  client_url: string | null;
  source: string;
  providers: string[];
  scopes: { provider: string; provider_key_id: string; models: string[]; capabilities: string[]; limits: Record<string, number> }[];
  tokens: { id: string; last4: string; created_at: string; revoked_at: string | null }[];
  expires_at: string;
  created_at: string;
  revoked_at: string | null;
};

export async function listGrants(db: Db, userId: string, now = new Date()): Promise<GrantView[]> {
  const rows = await db.grant.findMany({
    where: { userId },
    include: { scopes: true, tokens: { select: { id: true, last4: true, createdAt: true, revokedAt: true } } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((g) => ({
    id: g.id,
    status: g.status === "active" && g.expiresAt.getTime() <= now.getTime() ? "expired" : (g.status as GrantView["status"]),
    client_name: g.clientName,
    client_url: g.clientUrl,
    source: g.source,
    providers: g.scopes.map((s) => s.provider),
    scopes: g.scopes.map((s) => {
      const scope = grantedScopeFromRow(s);
      return { provider: s.provider, provider_key_id: s.providerKeyId, models: scope.models, capabilities: scope.capabilities, limits: limitsForDisplay(scopeLimits(scope)) };
    }),
    tokens: g.tokens.map((t) => ({ id: t.id, last4: t.last4, created_at: isoSeconds(t.createdAt), revoked_at: t.revokedAt ? isoSeconds(t.revokedAt) : null })),
    expires_at: isoSeconds(g.expiresAt),
    created_at: isoSeconds(g.createdAt),
    revoked_at: g.revokedAt ? isoSeconds(g.revokedAt) : null,
  }));
}
