/** Removes the owner's price of a model: the bundled catalogue prices it again, on every instance at once. */
import { z } from "zod";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { publishChange } from "@/lib/foundation/cluster/publish-change";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { isProviderId } from "@/lib/engines/providers/registry";
import { parseInput } from "@/lib/foundation/validation/parse-input";

export const priceOverrideKey = z.strictObject({
  provider: z.string({ error: "provider is required" }).refine(isProviderId, "unknown provider"),
  model: z.string({ error: "model is required" }).trim().min(1, "model is required").max(200, "model is too long"),
});

/** `query` is the caller's query as received (?provider=&model=), checked with priceOverrideKey. */
export async function deletePriceOverride(db: Db, actor: Actor, user: { id: string; role: string }, query: unknown): Promise<void> {
  if (user.role !== "owner") throw new VaultError("forbidden", "Only the vault owner can change prices.");
  const key = parseInput(priceOverrideKey, query);
  await db.$transaction(async (tx) => {
    const removed = await tx.priceOverride.deleteMany({ where: { provider: key.provider, model: key.model } });
    if (removed.count === 0) throw new VaultError("not_found", "No price of your own is set for that model.");
    await recordAuditEvent(tx, actor, {
      userId: user.id,
      action: "price.deleted",
      targetType: "model",
      targetId: `${key.provider}/${key.model}`,
    });
  });
  await publishChange(db, { kind: "prices" }); // after the commit: no instance can re-cache the old price
}
