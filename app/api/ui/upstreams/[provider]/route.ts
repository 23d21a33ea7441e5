import { db } from "@/lib/db/client";
import { VaultError } from "@/lib/errors/vault-error";
import { uiRoute } from "@/lib/http/ui-route";
import { setUpstreamUrl } from "@/lib/providers/set-upstream-url";

type Params = { provider: string };

/** Body: {"url": "https://..."} to set, {"url": null} to go back to the default. */
export const PUT = uiRoute<Params>(async ({ user, actor, params, body }) => {
  const input = (await body()) as { url?: unknown } | null;
  if (!input || typeof input !== "object" || !("url" in input) || Object.keys(input).length !== 1) {
    throw new VaultError("invalid_request", 'Send {"url": "https://..."} or {"url": null}.');
  }
  await setUpstreamUrl(db(), actor, user, params.provider, input.url as string | null);
  return null;
});
