import { redeemAuthorizationCode } from "@/lib/domain/access-requests/redeem-authorization-code";
import { db } from "@/lib/foundation/db/client";
import { readJson } from "@/lib/foundation/http/read-json";
import { appActor } from "@/lib/surfaces/okap/app-actor";
import { okapErrorResponse } from "@/lib/surfaces/okap/okap-error-response";

/** [ext] Trades a one-time code and its PKCE verifier for the token (dialect B granted body). */
export async function POST(req: Request) {
  try {
    const body = await redeemAuthorizationCode(db(), appActor(req), await readJson(req, 4096));
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return okapErrorResponse("b", error);
  }
}
