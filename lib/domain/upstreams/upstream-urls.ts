/**
 * Where the proxy sends each provider's calls: VAULT_UPSTREAM_<PROVIDER> wins (operators and tests),
 * then the owner's setting, then the registry default. A root saved before the provider's root moved
 * up (Google's OpenAI-compatible `.../v1beta/openai`, from before the native API) is read as the
 * root it stands for (`normaliseUpstream`), so old settings and environments keep working unchanged.
 */
import type { Db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { listProviders, providerInfo, type ProviderId } from "@/lib/engines/providers/registry";
import type { ProviderInfo } from "@/lib/engines/providers/types";
import { readSettings, VAULT_NAMESPACE } from "@/lib/foundation/db/settings";

export const UPSTREAM_SETTING_PREFIX = "upstream.";

export type UpstreamView = {
  provider: ProviderId;
  url: string;
  source: "env" | "setting" | "default";
  default_url: string;
};

/** A configured root without trailing slashes or a legacy ending of the provider's. */
export function normaliseUpstream(info: ProviderInfo, url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  const legacy = info.legacyUpstreamSuffixes?.find((suffix) => trimmed.endsWith(suffix));
  return legacy ? trimmed.slice(0, -legacy.length) : trimmed;
}

export async function listUpstreams(db: Db): Promise<UpstreamView[]> {
  const rows = await readSettings(db, VAULT_NAMESPACE, UPSTREAM_SETTING_PREFIX);
  const saved = new Map(rows.map((r) => [r.key.slice(UPSTREAM_SETTING_PREFIX.length), JSON.parse(r.value) as string]));
  const overrides = env().upstreamOverrides;
  return listProviders().map((p) => {
    const id = p.id as ProviderId;
    const fromEnv = overrides[id];
    const fromSetting = saved.get(id);
    return {
      provider: id,
      url: normaliseUpstream(p, fromEnv ?? fromSetting ?? p.defaultUpstream),
      source: fromEnv ? "env" : fromSetting ? "setting" : "default",
      default_url: providerInfo(id).defaultUpstream,
    };
  });
}
