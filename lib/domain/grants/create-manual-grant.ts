/**
 * Connecting an app by hand: the owner creates a grant and its token directly (UI "Connect an app",
 * CLI `grants create`), for apps that take a base URL and an API key but speak no OKAP. The entry is
 * resolved exactly like an approval (resolve-approved-grant.ts: the owner's defaults fill what is left
 * open, so the grant always has a monthly cap and an expiry), and the grant, its token and their
 * audit events commit together. The token's plaintext exists only in the return value, for the one
 * answer that shows it. Not on the management API: granting access stays with a signed-in person.
 */
import { z } from "zod";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { getGrantDefaults } from "@/lib/domain/grants/grant-defaults";
import { findGrantOrThrow } from "@/lib/domain/grants/find-grant-or-throw";
import type { GrantView } from "@/lib/domain/grants/grant-view";
import { resolveApprovedGrant } from "@/lib/domain/grants/resolve-approved-grant";
import { enqueueWebhookEvent } from "@/lib/domain/webhooks/enqueue-webhook-event";
import { wakeWebhookWorker } from "@/lib/domain/webhooks/webhook-worker";
import { CAPABILITIES } from "@/lib/engines/providers/capabilities";
import {
  capabilitiesField,
  clientNameField,
  clientUrlField,
  expiryField,
  limitsField,
  modelsField,
  providerField,
  toRequestedEntry,
} from "@/lib/engines/okap/fields";
import type { OkapRequest } from "@/lib/engines/okap/types";
import { newId } from "@/lib/foundation/crypto/random";
import { grantScopeRows } from "@/lib/domain/grants/grant-scope-rows";
import { hashSecret, mintSecret, secretLast4 } from "@/lib/foundation/crypto/secret-token";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import type { Db } from "@/lib/foundation/db/client";
import { withTransaction } from "@/lib/foundation/db/transaction";
import { env } from "@/lib/foundation/env";
import { parseInput } from "@/lib/foundation/validation/parse-input";

export const manualGrantInput = z
  .object({
    name: clientNameField("name"),
    url: clientUrlField("url").nullish(),
    provider: providerField,
    models: modelsField.nullish(),
    capabilities: capabilitiesField(CAPABILITIES).nullish(),
    limits: limitsField.nullish(),
    expires_at: expiryField("expires_at").nullish(),
    provider_key_id: z.string({ error: "provider_key_id must be a string" }).max(64).nullish(),
  })
  .strict();

export type ManualGrant = { grant: GrantView; token: string; baseUrl: string };

export async function createManualGrant(db: Db, actor: Actor, userId: string, raw: unknown, now = new Date()): Promise<ManualGrant> {
  const input = parseInput(manualGrantInput, raw);
  const entry = toRequestedEntry({
    provider: input.provider,
    models: input.models,
    capabilities: input.capabilities,
    limits: input.limits,
  });
  const request: OkapRequest = {
    dialect: "a",
    client: { name: input.name, url: input.url ?? null, callback: null },
    entries: [entry],
    apiEntries: [],
  };
  const keys = await db.providerKey.findMany({
    where: { userId, provider: input.provider, deletedAt: null },
    orderBy: [{ label: "asc" }],
    select: { id: true },
  });
  const approved = resolveApprovedGrant(
    request,
    { entries: { [input.provider]: { providerKeyId: input.provider_key_id ?? null } }, expiresAt: input.expires_at ?? null },
    await getGrantDefaults(db, userId),
    new Map([[input.provider, keys.map((k) => k.id)]]),
    now,
  );
  const grantId = newId("grt");
  const tokenId = newId("tok");
  const token = mintSecret("okap");
  await withTransaction(db, async (tx) => {
    await tx.grant.create({
      data: {
        id: grantId,
        userId,
        clientName: input.name,
        clientUrl: input.url ?? null,
        source: "manual",
        expiresAt: approved.expiresAt,
        scopes: { create: grantScopeRows(approved.scopes) },
      },
    });
    await tx.token.create({
      data: { id: tokenId, grantId, hash: hashSecret(vaultKeys().tokenPepper, token), last4: secretLast4(token), createdAt: now },
    });
    await recordAuditEvent(tx, actor, {
      userId,
      action: "grant.created_manually",
      targetType: "grant",
      targetId: grantId,
      metadata: { client_name: input.name, provider: input.provider, token_id: tokenId, last4: secretLast4(token) },
    });
    await enqueueWebhookEvent(tx, userId, "grant.created", {
      grant_id: grantId,
      request_id: null,
      client_name: input.name,
      providers: [input.provider],
      expires_at: approved.expiresAt.toISOString(),
      auto_approved: false,
    });
  });
  wakeWebhookWorker();
  return { grant: await findGrantOrThrow(db, userId, grantId, now), token, baseUrl: `${env().publicUrl}/v1/${input.provider}` };
}
