/**
 * A grant as the owner sees it (pages, CLI, management API): app, entries with limits and current
 * spend, token accessors with their last 4 characters, dates. The zod schema is the API's output
 * contract: it has no field that could carry a token, a hash or a key.
 */
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/lib/foundation/db/client";
import { isoSeconds } from "@/lib/engines/okap/render-outcome";
import { limitsForDisplay } from "@/lib/engines/okap/stored-request";
import { grantedScopeFromRow } from "@/lib/domain/grants/granted-scope-from-row";
import { scopeLimits } from "@/lib/engines/okap/granted-scope";
import { spendWindows } from "@/lib/engines/ledger/windows";
import { scopeSpend, toWindowSpendView, windowSpendView, type ScopeSpend } from "@/lib/domain/grants/scope-spend";

export const GRANT_STATUSES = ["active", "paused", "revoked", "expired"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

const grantScopeView = z.object({
  id: z.string(),
  provider: z.string(),
  provider_key_id: z.string(),
  models: z.array(z.string()).describe("[] = every model"),
  capabilities: z.array(z.string()),
  limits: z
    .record(z.string(), z.number())
    .describe("OKAP limits: monthly_spend and daily_spend in USD, requests_per_minute, requests_per_day, tokens_per_request"),
  spend: z.object({ month: windowSpendView, day: windowSpendView }),
  contained: z
    .object({ since: z.string(), request_id: z.string() })
    .nullable()
    .describe(
      "Set when a request of this entry cost more than its reservation (this month): the entry admits one request at a time until reset (POST /api/v1/grants/{id}/reset-containment) or the month ends",
    ),
});

const apiScopeView = z.object({
  id: z.string(),
  hosts: z.array(z.string()).describe("approved hosts (host or host:port)"),
  wildcard: z.boolean().describe("true: further hosts are approved on demand"),
  refused_hosts: z.array(z.string()),
  credentials: z.array(z.object({ id: z.string(), name: z.string(), account: z.string().nullable() })),
  methods: z.array(z.string()).describe("[] = every method"),
  path_prefixes: z.array(z.string()).describe("[] = every path"),
  limits: z.record(z.string(), z.number()).describe("requests_per_minute, requests_per_day"),
});

export const grantView = z.object({
  id: z.string(),
  status: z.enum(GRANT_STATUSES),
  client_name: z.string(),
  client_url: z.string().nullable(),
  source: z.string(),
  providers: z.array(z.string()),
  scopes: z.array(grantScopeView),
  api_scopes: z.array(apiScopeView),
  tokens: z.array(z.object({ id: z.string(), last4: z.string(), created_at: z.string(), revoked_at: z.string().nullable() })),
  expires_at: z.string(),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});
export type GrantView = z.infer<typeof grantView>;

const GRANT_INCLUDE = {
  scopes: { orderBy: [{ provider: "asc" as const }, { id: "asc" as const }] },
  tokens: { select: { id: true, last4: true, createdAt: true, revokedAt: true } as const },
  apiScopes: {
    orderBy: { id: "asc" as const },
    include: { credentials: { include: { credential: { select: { id: true, name: true, account: true } } } } },
  },
};

const jsonList = (text: string) => z.array(z.string()).parse(JSON.parse(text));

function toApiScopeView(s: GrantRow["apiScopes"][number]): z.infer<typeof apiScopeView> {
  const limits: Record<string, number> = {};
  if (s.requestsPerMinute !== null) limits.requests_per_minute = s.requestsPerMinute;
  if (s.requestsPerDay !== null) limits.requests_per_day = s.requestsPerDay;
  return {
    id: s.id,
    hosts: jsonList(s.hosts),
    wildcard: s.wildcard,
    refused_hosts: jsonList(s.refusedHosts),
    credentials: s.credentials.map((c) => ({ id: c.credential.id, name: c.credential.name, account: c.credential.account || null })),
    methods: jsonList(s.methods),
    path_prefixes: jsonList(s.pathPrefixes),
    limits,
  };
}

type GrantRow = Awaited<ReturnType<typeof findGrantRows>>[number];

function findGrantRows(db: Db, where: Prisma.GrantWhereInput, page?: { skip: number; take: number }) {
  return db.grant.findMany({ where, include: GRANT_INCLUDE, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...page });
}

function effectiveGrantStatus(row: { status: string; expiresAt: Date }, now: Date): GrantStatus {
  return row.status !== "revoked" && row.expiresAt.getTime() <= now.getTime() ? "expired" : (row.status as GrantStatus);
}

function toGrantView(g: GrantRow, spend: Map<string, ScopeSpend>, lastUsed: Map<string, Date>, now: Date): GrantView {
  return {
    id: g.id,
    status: effectiveGrantStatus(g, now),
    client_name: g.clientName,
    client_url: g.clientUrl,
    source: g.source,
    providers: [...new Set(g.scopes.map((s) => s.provider))],
    scopes: g.scopes.map((s) => {
      const scope = grantedScopeFromRow(s);
      const used = spend.get(s.id)!;
      return {
        id: s.id,
        provider: s.provider,
        provider_key_id: s.providerKeyId,
        models: scope.models,
        capabilities: scope.capabilities,
        limits: limitsForDisplay(scopeLimits({ ...scope, monthlyCapMicros: s.monthlyCapMicros })),
        spend: { month: toWindowSpendView(used.month), day: toWindowSpendView(used.day) },
        contained:
          s.containedWindow === spendWindows(now.getTime()).month && s.containedAt && s.containedHoldId
            ? { since: isoSeconds(s.containedAt), request_id: s.containedHoldId }
            : null,
      };
    }),
    api_scopes: g.apiScopes.map(toApiScopeView),
    tokens: g.tokens.map((t) => ({
      id: t.id,
      last4: t.last4,
      created_at: isoSeconds(t.createdAt),
      revoked_at: t.revokedAt ? isoSeconds(t.revokedAt) : null,
    })),
    expires_at: isoSeconds(g.expiresAt),
    created_at: isoSeconds(g.createdAt),
    revoked_at: g.revokedAt ? isoSeconds(g.revokedAt) : null,
    last_used_at: lastUsed.has(g.id) ? lastUsed.get(g.id)!.toISOString() : null,
  };
}

/**
 * Each grant's newest usage event: one read at the end of its (grantId, userId, createdAt) index, however
 * long its history (migration 0013: with (grantId, createdAt) the planner walked the user's index
 * instead, through every newer event of the user's other grants).
 */
function lastUses(db: Db, userId: string, grantIds: string[]): Promise<{ grantId: string; at: Date | null }[]> {
  return Promise.all(
    grantIds.map(async (grantId) => ({
      grantId,
      at:
        (await db.usageEvent.findFirst({ where: { grantId, userId }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }))
          ?.createdAt ?? null,
    })),
  );
}

/** Grants matching `where` (always scoped to one user by the caller) as views, with spend and last use. */
export async function loadGrantViews(
  db: Db,
  where: Prisma.GrantWhereInput & { userId: string },
  now: Date,
  page?: { skip: number; take: number },
): Promise<GrantView[]> {
  const rows = await findGrantRows(db, where, page);
  const ids = rows.map((g) => g.id);
  const [spend, used] = await Promise.all([
    scopeSpend(
      db,
      rows.flatMap((g) => g.scopes),
      now,
    ),
    lastUses(db, where.userId, ids),
  ]);
  const lastUsed = new Map(used.filter((u) => u.at).map((u) => [u.grantId, u.at!]));
  return rows.map((g) => toGrantView(g, spend, lastUsed, now));
}
