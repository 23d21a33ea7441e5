/** Folds the joined token/grant/scope/key rows of one token into a GrantRecord (both databases). */
import { parseJsonList, type GrantRecord } from "@/lib/engines/ledger/ledger-store";

export type GrantRow = {
  tokenId: string;
  tokenRevokedAt: unknown;
  grantId: string;
  userId: string;
  status: string;
  expiresAtMs: number;
  scopeId: string | null;
  provider: string | null;
  providerKeyId: string | null;
  models: string | null;
  capabilities: string | null;
  monthlyCap: bigint | string | null;
  dailyCap: bigint | string | null;
  rpm: number | bigint | null;
  rpd: number | bigint | null;
  maxTokens: number | bigint | null;
  keyId: string | null;
  keyUserId: string | null;
  keyProvider: string | null;
  ciphertext: Uint8Array | null;
  keyDeletedAt: unknown;
};

const bigOrNull = (v: bigint | string | null) => (v === null || v === undefined ? null : BigInt(v));
const numOrNull = (v: number | bigint | null) => (v === null || v === undefined ? null : Number(v));

export function grantFromRows(rows: GrantRow[]): GrantRecord | null {
  const first = rows[0];
  if (!first) return null;
  return {
    tokenId: first.tokenId,
    tokenRevoked: first.tokenRevokedAt !== null && first.tokenRevokedAt !== undefined,
    grantId: first.grantId,
    userId: first.userId,
    status: first.status,
    expiresAtMs: Number(first.expiresAtMs),
    scopes: rows
      .filter((r) => r.scopeId !== null)
      .map((r) => ({
        scopeId: r.scopeId!,
        provider: r.provider!,
        providerKeyId: r.providerKeyId!,
        key:
          r.keyId && r.ciphertext && (r.keyDeletedAt === null || r.keyDeletedAt === undefined)
            ? { id: r.keyId, userId: r.keyUserId!, provider: r.keyProvider!, ciphertext: r.ciphertext }
            : null,
        models: parseJsonList(r.models ?? "[]"),
        capabilities: parseJsonList(r.capabilities ?? "[]"),
        monthlyCapMicros: bigOrNull(r.monthlyCap),
        dailyCapMicros: bigOrNull(r.dailyCap),
        requestsPerMinute: numOrNull(r.rpm),
        requestsPerDay: numOrNull(r.rpd),
        maxTokensPerRequest: numOrNull(r.maxTokens),
      })),
  };
}

/** The SELECT list shared by both databases (the expiry column differs: see each store). */
export const GRANT_COLUMNS = `t."id" AS "tokenId", t."revokedAt" AS "tokenRevokedAt", g."id" AS "grantId", g."userId" AS "userId",
  g."status" AS "status", s."id" AS "scopeId", s."provider" AS "provider", s."providerKeyId" AS "providerKeyId",
  s."models" AS "models", s."capabilities" AS "capabilities", s."monthlyCapMicros" AS "monthlyCap", s."dailyCapMicros" AS "dailyCap",
  s."requestsPerMinute" AS "rpm", s."requestsPerDay" AS "rpd", s."maxTokensPerRequest" AS "maxTokens",
  k."id" AS "keyId", k."userId" AS "keyUserId", k."provider" AS "keyProvider", k."ciphertext" AS "ciphertext", k."deletedAt" AS "keyDeletedAt"`;

export const GRANT_JOINS = `FROM "Token" t JOIN "Grant" g ON g."id" = t."grantId"
  LEFT JOIN "GrantScope" s ON s."grantId" = g."id"
  LEFT JOIN "ProviderKey" k ON k."id" = s."providerKeyId"`;
