/**
 * Grants for proxy tests, written straight into the vault's database through lib/ code (the OKAP
 * approval flow that mints them in production is built separately): an owner, a provider key (a
 * canary), a grant with one entry per provider, and an okap_ token.
 */
import { randomBytes } from "node:crypto";
import { deriveKeyRing } from "@/lib/foundation/crypto/key-ring";
import { newId } from "@/lib/foundation/crypto/random";
import { hashSecret, mintSecret, secretLast4 } from "@/lib/foundation/crypto/secret-token";
import { setSealState, vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import { createDb, type Db } from "@/lib/foundation/db/client";
import { usdToMicros } from "@/lib/foundation/money/micros";
import { addProviderKey } from "@/lib/domain/provider-keys/add-provider-key";
import { createUser } from "@/lib/domain/users/create-user";

/** The master key every proxy test uses: grepped from every output. */
export const CANARY_KEY = "sk-CANARY-" + "pr0xy7est" + "Q9xW2vB8nM4kL6jH3gF5dS1aZ0";

/** The password of the owner account the factory creates (as /setup would). */
export const OWNER_PASSWORD = "correct horse battery staple";

export function newSecretKey(): string {
  return randomBytes(32).toString("hex");
}

export type ScopeSpec = {
  provider: string;
  models?: string[];
  capabilities?: string[];
  monthlyUsd?: string | null;
  dailyUsd?: string | null;
  rpm?: number | null;
  rpd?: number | null;
  maxTokens?: number | null;
  key?: string;
};

export type TestGrant = { token: string; grantId: string; tokenId: string; scopeIds: string[]; userId: string };

export class GrantFactory {
  readonly db: Db;
  private userId: string | null = null;
  private keys = new Map<string, string>();

  constructor(databaseUrl: string, secretKeyHex: string) {
    this.db = createDb(databaseUrl);
    setSealState({ sealed: false, ring: deriveKeyRing(Buffer.from(secretKeyHex, "hex")), source: "env" });
  }

  readonly ownerEmail = `owner-${newId("t").slice(2).toLowerCase()}@example.com`;

  private async owner(): Promise<string> {
    if (this.userId) return this.userId;
    const user = await createUser(this.db, { type: "cli" }, { email: this.ownerEmail, password: OWNER_PASSWORD }, { ownerOnly: false });
    return (this.userId = user.id);
  }

  async providerKey(provider: string, key = CANARY_KEY): Promise<string> {
    const cacheKey = `${provider}:${key}`;
    if (!this.keys.has(cacheKey)) {
      const userId = await this.owner();
      const view = await addProviderKey(this.db, { type: "cli" }, userId, { provider, label: `test-${this.keys.size}`, key });
      this.keys.set(cacheKey, view.id);
    }
    return this.keys.get(cacheKey)!;
  }

  async create(scopes: ScopeSpec[], options: { expiresAt?: Date; status?: string } = {}): Promise<TestGrant> {
    const userId = await this.owner();
    const grantId = newId("grt");
    const token = mintSecret("okap");
    const tokenId = newId("tok");
    const scopeIds: string[] = [];
    await this.db.grant.create({
      data: {
        id: grantId,
        userId,
        clientName: "Proxy Test App",
        source: "cli",
        status: options.status ?? "active",
        expiresAt: options.expiresAt ?? new Date(Date.now() + 86_400_000),
      },
    });
    for (const s of scopes) {
      const id = newId("gsc");
      scopeIds.push(id);
      await this.db.grantScope.create({
        data: {
          id,
          grantId,
          provider: s.provider,
          providerKeyId: await this.providerKey(s.provider, s.key),
          models: JSON.stringify(s.models ?? []),
          capabilities: JSON.stringify(s.capabilities ?? ["chat", "embeddings"]),
          monthlyCapMicros: s.monthlyUsd === undefined ? usdToMicros("10") : s.monthlyUsd === null ? null : usdToMicros(s.monthlyUsd),
          dailyCapMicros: s.dailyUsd ? usdToMicros(s.dailyUsd) : null,
          requestsPerMinute: s.rpm ?? null,
          requestsPerDay: s.rpd ?? null,
          maxTokensPerRequest: s.maxTokens ?? null,
        },
      });
    }
    await this.db.token.create({
      data: { id: tokenId, grantId, hash: hashSecret(vaultKeys().tokenPepper, token), last4: secretLast4(token) },
    });
    return { token, grantId, tokenId, scopeIds, userId };
  }

  async revoke(grant: TestGrant): Promise<void> {
    await this.db.token.update({ where: { id: grant.tokenId }, data: { revokedAt: new Date() } });
  }

  async usage(grantId: string) {
    return this.db.usageEvent.findMany({ where: { grantId }, orderBy: { createdAt: "asc" } });
  }

  async windows(scopeId: string) {
    return this.db.spendWindow.findMany({ where: { scopeId } });
  }

  async holds(scopeId: string) {
    return this.db.hold.findMany({ where: { scopeId } });
  }

  async close(): Promise<void> {
    await this.db.$disconnect();
  }
}
