import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { describeTokenGrant } from "@/lib/okap/describe-token-grant";
import { okapErrorResponse } from "@/lib/okap/okap-error-response";
import { proxyStore } from "@/lib/proxy/store/proxy-store-for";

/** [ext] What this okap_ token may still do: providers, models, limits, remaining budget, resets, expiry. */
export async function GET(req: Request) {
  try {
    const url = new URL(req.url);
    const body = await describeTokenGrant(db(), proxyStore(), Object.fromEntries(req.headers), url.searchParams, env().publicUrl);
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return okapErrorResponse("b", error);
  }
}
