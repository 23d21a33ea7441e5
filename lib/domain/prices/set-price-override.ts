/**
 * The owner's price for a model (USD per million tokens, as decimal strings or numbers): wins over
 * the bundled catalogue, and lets a capped grant use a model the catalogue does not know. Applies
 * to the next request on every instance (publishChange after the commit; resolve-price.ts's one
 * second cache covers a missed notification).
 */
import { z } from "zod";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { publishChange } from "@/lib/foundation/cluster/publish-change";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { MoneyError, usdToMicros } from "@/lib/foundation/money/micros";
import { isProviderId } from "@/lib/engines/providers/registry";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { toPriceView, type PriceView } from "@/lib/domain/prices/to-price-view";

const usdPerMtok = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return usdToMicros(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof MoneyError ? `a price ${error.message}` : "not a price" });
    return z.NEVER;
  }
});

export const priceOverrideInput = z.strictObject({
  provider: z.string().refine(isProviderId, "unknown provider"),
  model: z.string().trim().min(1, "model is required").max(200, "model is too long"),
  input: usdPerMtok,
  output: usdPerMtok,
  cache_read: usdPerMtok.optional(),
  cache_write: usdPerMtok.optional(),
  cache_write_1h: usdPerMtok.optional(),
});

/** `input` is the caller's body as received (UI, management API, CLI), checked with priceOverrideInput. */
export async function setPriceOverride(db: Db, actor: Actor, user: { id: string; role: string }, input: unknown): Promise<PriceView> {
  if (user.role !== "owner") throw new VaultError("forbidden", "Only the vault owner can set prices.");
  const p = parseInput(priceOverrideInput, input);
  const data = {
    inputMicrosPerMtok: p.input,
    outputMicrosPerMtok: p.output,
    cacheReadMicrosPerMtok: p.cache_read ?? null,
    cacheWriteMicrosPerMtok: p.cache_write ?? null,
    cacheWrite1hMicrosPerMtok: p.cache_write_1h ?? null,
  };
  const row = await db.$transaction(async (tx) => {
    const saved = await tx.priceOverride.upsert({
      where: { provider_model: { provider: p.provider, model: p.model } },
      create: { provider: p.provider, model: p.model, ...data },
      update: data,
    });
    await recordAuditEvent(tx, actor, {
      userId: user.id,
      action: "price.set",
      targetType: "model",
      targetId: `${p.provider}/${p.model}`,
      metadata: { input_micros_per_mtok: String(p.input), output_micros_per_mtok: String(p.output) },
    });
    return saved;
  });
  await publishChange(db, { kind: "prices" }); // after the commit: no instance can re-cache the old price
  return toPriceView(row);
}
