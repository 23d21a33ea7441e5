import { db } from "@/lib/foundation/db/client";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";
import { setUpstreamUrl } from "@/lib/domain/upstreams/set-upstream-url";

type Params = { provider: string };

/** Body: {"url": "https://..."} to set, {"url": null} to go back to the default. */
export const PUT = uiRoute<Params>(
  async ({ user, actor, params, body }) => {
    await setUpstreamUrl(db(), actor, user, params.provider, await body());
    return null;
  },
  { stepUp: true },
);
