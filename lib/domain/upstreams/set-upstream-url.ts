import { z } from "zod";
import { recordAuditEvent, type Actor } from "@/lib/domain/audit/record-audit-event";
import { publishChange } from "@/lib/foundation/cluster/publish-change";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { env } from "@/lib/foundation/env";
import { isProviderId } from "@/lib/engines/providers/registry";
import { UPSTREAM_SETTING_PREFIX } from "@/lib/domain/upstreams/upstream-urls";
import { UpstreamUrlError, validateUpstreamUrl } from "@/lib/foundation/http/validate-upstream-url";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { deleteSetting, VAULT_NAMESPACE, writeSetting } from "@/lib/foundation/db/settings";

const upstreamInput = z.strictObject({ url: z.string({ error: 'send {"url": "https://..."} or {"url": null}' }).nullable() });

/** Sets ({"url": "https://..."}) or resets to the default ({"url": null}) a provider's upstream root. Owner only. */
export async function setUpstreamUrl(
  db: Db,
  actor: Actor,
  user: { id: string; role: string },
  provider: string,
  input: unknown,
): Promise<void> {
  if (user.role !== "owner") throw new VaultError("forbidden", "Only the vault owner can change upstream URLs.");
  if (!isProviderId(provider)) throw new VaultError("not_found", "Unknown provider.");
  if (env().upstreamOverrides[provider]) {
    throw new VaultError(
      "conflict",
      `The upstream of ${provider} is set by VAULT_UPSTREAM_${provider.toUpperCase()} and cannot be changed here.`,
    );
  }
  const { url } = parseInput(upstreamInput, input);
  let value: string | null = null;
  if (url !== null) {
    try {
      value = validateUpstreamUrl(url);
    } catch (error) {
      if (error instanceof UpstreamUrlError) throw new VaultError("invalid_request", `Upstream URL ${error.message}.`, { field: "url" });
      throw error;
    }
  }
  const key = `${UPSTREAM_SETTING_PREFIX}${provider}`;
  await db.$transaction(async (tx) => {
    if (value === null) await deleteSetting(tx, VAULT_NAMESPACE, key);
    else await writeSetting(tx, VAULT_NAMESPACE, key, JSON.stringify(value));
    await recordAuditEvent(tx, actor, {
      userId: user.id,
      action: "upstream.changed",
      targetType: "provider",
      targetId: provider,
      metadata: { url: value },
    });
  });
  await publishChange(db, { kind: "upstreams" }); // after the commit: no instance can re-cache the old URL
}
