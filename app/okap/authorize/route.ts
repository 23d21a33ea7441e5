import { db } from "@/lib/foundation/db/client";
import { acceptOkapRequest } from "@/lib/surfaces/okap/accept-okap-request";
import { createRedirectRequest } from "@/lib/surfaces/okap/create-redirect-request";
import { okapRoute } from "@/lib/surfaces/okap/okap-route";

/** Dialect B (OKAP v1.0 draft): waits for the decision, or 202 with Prefer: respond-async. */
export const POST = (req: Request) => acceptOkapRequest(req, "b");

/** [ext] Browser redirect: stores the request, then sends the browser to the approval page. */
export const GET = okapRoute("b", async ({ app, query }) => {
  const created = await createRedirectRequest(db(), app, query);
  // Relative: the browser stays on the vault host it was sent to (its session cookie lives there).
  return new Response(null, { status: 303, headers: { location: `/approve/${created.id}`, "cache-control": "no-store" } });
});
