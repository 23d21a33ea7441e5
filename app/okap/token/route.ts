import { redeemAuthorizationCode } from "@/lib/domain/access-requests/redeem-authorization-code";
import { db } from "@/lib/foundation/db/client";
import { okapRoute } from "@/lib/surfaces/okap/okap-route";

/** [ext] Trades a one-time code and its PKCE verifier for the token (dialect B granted body). */
export const POST = okapRoute(
  "b",
  async ({ app, body }) =>
    Response.json(await redeemAuthorizationCode(db(), app, await body()), { headers: { "cache-control": "no-store" } }),
  { bodyLimit: 4096 },
);
