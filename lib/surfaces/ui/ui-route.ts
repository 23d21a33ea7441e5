/**
 * Wraps a route handler of the browser UI's JSON API (/api/ui/*): a signed-in session, CSRF checks
 * on every state-changing method, one error envelope. Handlers stay thin: parse, call lib/, answer.
 */
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { currentUserOrThrow, type SessionUser } from "@/lib/surfaces/ui/session";
import { jsonErrorResponse } from "@/lib/foundation/errors/json-error-response";
import { assertCsrf } from "@/lib/surfaces/ui/csrf";
import { CLIENT_IP_HEADER } from "@/lib/foundation/http/client-ip";
import { readJson } from "@/lib/foundation/http/read-json";

export const UI_BODY_LIMIT = 16 * 1024;

export type UiContext<P> = {
  req: Request;
  user: SessionUser;
  actor: Actor;
  params: P;
  body: () => Promise<unknown>;
};

export function actorFrom(req: Request, user: { id: string } | null): Actor {
  return {
    type: "user",
    id: user?.id ?? null,
    ip: req.headers.get(CLIENT_IP_HEADER),
    userAgent: req.headers.get("user-agent"),
  };
}

export function uiRoute<P = Record<string, never>>(
  handler: (ctx: UiContext<P>) => Promise<Response | object | null>,
  options: { status?: number } = {},
) {
  return async (req: Request, context: { params?: Promise<P> }): Promise<Response> => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") assertCsrf(req.headers, null);
      const user = await currentUserOrThrow();
      const params = ((await context?.params) ?? {}) as P;
      const result = await handler({ req, user, actor: actorFrom(req, user), params, body: () => readJson(req, UI_BODY_LIMIT) });
      if (result instanceof Response) return result;
      if (result === null) return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
      return Response.json(result, { status: options.status ?? 200, headers: { "cache-control": "no-store" } });
    } catch (error) {
      return jsonErrorResponse(error);
    }
  };
}
