/**
 * [ext] Asynchronous approval: the app polls with its poll secret (RFC 8628-style). Faster than the
 * interval gets slow_down; once decided it gets the body of its dialect, the token exactly once, and
 * 410 already_claimed afterwards. A wrong, malformed or missing secret and an unknown id look alike.
 */
import { timingSafeEqual } from "node:crypto";
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { hashSecret, isWellFormedSecret } from "@/lib/foundation/crypto/secret-token";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { OkapDialect } from "@/lib/engines/okap/types";
import { deliverDecision, type Outcome } from "@/lib/domain/access-requests/deliver-decision";
import { effectiveStatus, expireRequestIfDue } from "@/lib/domain/access-requests/request-status";

export const POLL_INTERVAL_SECONDS = 2;
/** Polls closer together than this share of the interval are too fast (clock and network jitter). */
const TOO_FAST_FRACTION = 0.8;

export type PollResult = { kind: "pending" | "slow_down"; expiresAt: Date } | Exclude<Outcome, { kind: "claimed" }>;

function bearer(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  return match ? match[1]! : null;
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export async function pollAccessRequest(
  db: Db,
  app: Actor,
  id: string,
  authorization: string | null,
  now = new Date(),
): Promise<{ dialect: OkapDialect; result: PollResult }> {
  const secret = bearer(authorization);
  const unauthorized = new VaultError("invalid_poll_secret", "Send the request's poll_secret as Authorization: Bearer okps_...");
  if (!isWellFormedSecret("okps", secret) || !/^req_[A-Za-z0-9]{20}$/.test(id)) throw unauthorized;
  const row = await db.accessRequest.findUnique({ where: { id } });
  if (!row?.pollSecretHash || !sameHash(row.pollSecretHash, hashSecret(vaultKeys().pollSecretPepper, secret))) throw unauthorized;
  if (row.tokenIssuedAt)
    throw new VaultError("already_claimed", "The token of this request was already delivered; it is never sent twice.");

  const tooFast =
    row.lastPolledAt !== null && now.getTime() - row.lastPolledAt.getTime() < POLL_INTERVAL_SECONDS * 1000 * TOO_FAST_FRACTION;
  await db.accessRequest.update({ where: { id }, data: { lastPolledAt: now } });
  const dialect = row.dialect as OkapDialect;
  if (tooFast) return { dialect, result: { kind: "slow_down", expiresAt: row.expiresAt } };

  const status = effectiveStatus(row, now);
  if (status === "pending") return { dialect, result: { kind: "pending", expiresAt: row.expiresAt } };
  if (status === "expired" && row.status === "pending") await expireRequestIfDue(db, id, now);
  const outcome = await deliverDecision(db, app, row, status);
  if (outcome.kind === "claimed")
    throw new VaultError("already_claimed", "The token of this request was already delivered; it is never sent twice.");
  return { dialect, result: outcome };
}
