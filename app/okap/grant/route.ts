import { db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { ledgerStore } from "@/lib/engines/ledger/ledger-store-for";
import { describeTokenGrant } from "@/lib/surfaces/okap/describe-token-grant";
import { okapRoute } from "@/lib/surfaces/okap/okap-route";

/** [ext] What this okap_ token may still do: providers, models, limits, remaining budget, resets, expiry. */
export const GET = okapRoute("b", async ({ headers, query }) =>
  Response.json(await describeTokenGrant(db(), ledgerStore(), headers, query, env().publicUrl), {
    headers: { "cache-control": "no-store" },
  }),
);
