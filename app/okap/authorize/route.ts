import { createAccessRequest } from "@/lib/domain/access-requests/create-access-request";
import { db } from "@/lib/foundation/db/client";
import { acceptOkapRequest } from "@/lib/surfaces/okap/accept-okap-request";
import { appActor } from "@/lib/surfaces/okap/app-actor";
import { okapErrorResponse } from "@/lib/surfaces/okap/okap-error-response";
import { parseAuthorizeUrl } from "@/lib/engines/okap/parse-authorize-url";

/** Dialect B (OKAP v1.0 draft): waits for the decision, or 202 with Prefer: respond-async. */
export const POST = (req: Request) => acceptOkapRequest(req, "b");

/** [ext] Browser redirect: stores the request, then sends the browser to the approval page. */
export async function GET(req: Request) {
  try {
    const incoming = parseAuthorizeUrl(new URL(req.url).searchParams);
    const created = await createAccessRequest(db(), appActor(req), incoming);
    // Relative: the browser stays on the vault host it was sent to (its session cookie lives there).
    return new Response(null, { status: 303, headers: { location: `/approve/${created.id}`, "cache-control": "no-store" } });
  } catch (error) {
    return okapErrorResponse("b", error);
  }
}
