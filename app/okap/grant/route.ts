import { db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { describeTokenGrant } from "@/lib/surfaces/okap/describe-token-grant";
import { okapErrorResponse } from "@/lib/surfaces/okap/okap-error-response";
import { ledgerStore } from "@/lib/engines/ledger/ledger-store-for";

/** [ext] What this okap_ token may still do: providers, models, limits, remaining budget, resets, expiry. */
export async function GET(req: Request) {
  try {
    const url = new URL(req.url);
    const body = await describeTokenGrant(db(), ledgerStore(), Object.fromEntries(req.headers), url.searchParams, env().publicUrl);
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return okapErrorResponse("b", error);
  }
}
