/**
 * Idempotency-Key on management API POSTs (Stripe's semantics): the first request with a key runs and
 * its response is stored; a retry with the same key and the same body gets the stored response; the
 * same key with another body is refused with 422 idempotency_error; a retry while the first is still
 * running gets 409. Keys are scoped to the management key that sent them.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/lib/foundation/db/client";
import { isUniqueViolation } from "@/lib/foundation/db/errors";
import { VaultError } from "@/lib/foundation/errors/vault-error";

const IN_PROGRESS = 0;

export type StoredResponse = { status: number; body: string };

export function requestHash(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");
}

export async function runIdempotent(
  db: Db,
  attempt: { managementKeyId: string; key: string; requestHash: string },
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (attempt.key.length === 0 || attempt.key.length > 255)
    throw new VaultError("invalid_request", "Idempotency-Key must be 1 to 255 characters.");
  const where = { managementKeyId_key: { managementKeyId: attempt.managementKeyId, key: attempt.key } };
  try {
    await db.idempotencyRecord.create({
      data: {
        managementKeyId: attempt.managementKeyId,
        key: attempt.key,
        requestHash: attempt.requestHash,
        status: IN_PROGRESS,
        response: "",
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await db.idempotencyRecord.findUnique({ where });
    if (!existing) throw error;
    if (existing.requestHash !== attempt.requestHash) {
      throw new VaultError("idempotency_error", "This Idempotency-Key was already used with a different request.");
    }
    if (existing.status === IN_PROGRESS) throw new VaultError("conflict", "A request with this Idempotency-Key is still being processed.");
    return { status: existing.status, body: existing.response };
  }
  let result: StoredResponse;
  try {
    result = await run();
  } catch (error) {
    await db.idempotencyRecord.delete({ where }).catch(() => undefined); // a failure may be retried
    throw error;
  }
  if (result.status >= 500) await db.idempotencyRecord.delete({ where });
  else await db.idempotencyRecord.update({ where, data: { status: result.status, response: result.body } });
  return result;
}
