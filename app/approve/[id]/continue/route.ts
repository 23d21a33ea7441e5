import { redirectAfterDecision } from "@/lib/domain/access-requests/redirect-after-decision";
import { currentUser } from "@/lib/surfaces/ui/session";
import { db } from "@/lib/foundation/db/client";
import { describeError } from "@/lib/foundation/errors/describe-error";
import { actorFrom } from "@/lib/surfaces/ui/ui-route";

/**
 * After the owner decided (through the JSON API), the browser comes here: a browser-redirect request
 * goes on with 303 to the app's callback (code or error, and state); anything else back to the page.
 * A GET answering the redirect keeps CSP form-action 'self' intact (no form POST redirects off-site).
 * A browser navigated here, so a failure is a short text page (e.g. 404 for someone else's request).
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const page = `/approve/${encodeURIComponent(id)}`; // relative: the browser stays on the host it used
  const see = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
  try {
    const user = await currentUser();
    if (!user) return see(`/login?callbackUrl=${encodeURIComponent(page)}`);
    return see((await redirectAfterDecision(db(), actorFrom(req, user), user.id, id)) ?? page);
  } catch (error) {
    const d = describeError(error);
    return new Response(`${d.message}\n`, { status: d.status, headers: { ...d.headers, "content-type": "text/plain; charset=utf-8" } });
  }
}
