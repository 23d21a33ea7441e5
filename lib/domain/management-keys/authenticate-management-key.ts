/**
 * The caller of the management API: `Authorization: Bearer okmk_...`, with the account it acts for
 * (read in the same query, so no endpoint looks the user up again). A malformed key is refused
 * without a database lookup; unknown or revoked keys count against the caller's IP (20 per 15 min).
 */
import { takeAttempt } from "@/lib/domain/auth/attempt-throttle";
import { hashSecret, isWellFormedSecret } from "@/lib/foundation/crypto/secret-token";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { ManagementAccess } from "@/lib/domain/management-keys/schemas";

export type ManagementCaller = {
  keyId: string;
  access: ManagementAccess;
  /** The account the key belongs to: what it may see and change. */
  user: { id: string; role: "owner" | "member" };
};

const LAST_USED_RESOLUTION_MS = 60_000;
const FAILURES_PER_IP = 20;

export async function authenticateManagementKey(db: Db, authorization: string | null, ip: string | null): Promise<ManagementCaller> {
  const key = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1] ?? null;
  if (key === null) throw new VaultError("not_signed_in", "Send a management key: Authorization: Bearer okmk_...");
  const row = isWellFormedSecret("okmk", key)
    ? await db.managementKey.findUnique({
        where: { hash: hashSecret(vaultKeys().managementKeyPepper, key) },
        include: { user: { select: { id: true, role: true } } },
      })
    : null;
  if (!row || row.revokedAt) {
    if (ip) await takeAttempt(db, [{ key: `mk-ip:${ip}`, limit: FAILURES_PER_IP }], "invalid management keys");
    throw new VaultError("not_signed_in", "The management key is invalid or revoked.");
  }
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.managementKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return {
    keyId: row.id,
    access: row.scope === "write" ? "write" : "read",
    user: { id: row.user.id, role: row.user.role === "owner" ? "owner" : "member" },
  };
}
