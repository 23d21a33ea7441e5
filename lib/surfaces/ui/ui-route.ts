/**
 * Wraps a route handler of the browser UI's JSON API (/api/ui/*): a signed-in session, CSRF checks
 * on every state-changing method, one error envelope. Handlers stay thin: they parse nothing and
 * hand the raw query, body and path parameters to one lib operation, which owns the schema.
 */
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { currentSessionOrThrow, type ActiveSession, type SessionUser } from "@/lib/surfaces/ui/session";
import { jsonErrorResponse } from "@/lib/foundation/errors/json-error-response";
import { assertCsrf } from "@/lib/surfaces/ui/csrf";
import { CLIENT_IP_HEADER } from "@/lib/foundation/http/client-ip";
import { readJson } from "@/lib/foundation/http/read-json";
import { assertFreshProof } from "@/lib/domain/auth/step-up";

export const UI_BODY_LIMIT = 16 * 1024;

type Answer = Response | object | null;
type Options = {
  status?: number;
  /** A dangerous action: the session needs a proof of the owner less than ten minutes old (step-up). */
  stepUp?: boolean;
};

export type PublicUiContext<P> = {
  req: Request;
  actor: Actor;
  params: P;
  /** The query string as received, one value per name. */
  query: Record<string, string>;
  /** The JSON body as received (16 KiB at most), not yet validated. */
  body: () => Promise<unknown>;
};

export type UiContext<P> = PublicUiContext<P> & { user: SessionUser; session: ActiveSession };

export function actorFrom(req: Request, user: { id: string } | null): Actor {
  return {
    type: "user",
    id: user?.id ?? null,
    ip: req.headers.get(CLIENT_IP_HEADER),
    userAgent: req.headers.get("user-agent"),
  };
}

function answer(result: Answer, options: Options): Response {
  if (result instanceof Response) return result;
  if (result === null) return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  return Response.json(result, { status: options.status ?? 200, headers: { "cache-control": "no-store" } });
}

function checkCsrf(req: Request): void {
  if (req.method !== "GET" && req.method !== "HEAD") assertCsrf(req.headers, null);
}

async function contextOf<P>(req: Request, context: { params?: Promise<P> }, user: SessionUser | null): Promise<PublicUiContext<P>> {
  return {
    req,
    actor: actorFrom(req, user),
    params: ((await context?.params) ?? {}) as P,
    query: Object.fromEntries(new URL(req.url).searchParams),
    body: () => readJson(req, UI_BODY_LIMIT),
  };
}

export function uiRoute<P = Record<string, never>>(handler: (ctx: UiContext<P>) => Promise<Answer>, options: Options = {}) {
  return async (req: Request, context: { params?: Promise<P> }): Promise<Response> => {
    try {
      checkCsrf(req);
      const session = await currentSessionOrThrow();
      if (options.stepUp) assertFreshProof(session);
      const { user } = session;
      return answer(await handler({ ...(await contextOf(req, context, user)), user, session }), options);
    } catch (error) {
      return jsonErrorResponse(error);
    }
  };
}

/** The UI endpoints used before anyone can be signed in (first-run setup): CSRF, no session. */
export function publicUiRoute<P = Record<string, never>>(handler: (ctx: PublicUiContext<P>) => Promise<Answer>, options: Options = {}) {
  return async (req: Request, context: { params?: Promise<P> }): Promise<Response> => {
    try {
      checkCsrf(req);
      return answer(await handler(await contextOf(req, context, null)), options);
    } catch (error) {
      return jsonErrorResponse(error);
    }
  };
}
