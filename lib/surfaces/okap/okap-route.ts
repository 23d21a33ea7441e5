/**
 * Wraps an /okap/* route handler: the app on the other end (anonymous: an IP and a user agent for
 * the audit log), the raw query, headers and body, and the errors in the dialect's envelope
 * (okap-error-response.ts). Handlers parse nothing: they hand the raw inputs to one lib operation.
 */
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { readJson } from "@/lib/foundation/http/read-json";
import { OKAP_BODY_LIMIT } from "@/lib/engines/okap/fields";
import type { OkapDialect } from "@/lib/engines/okap/types";
import { appActor } from "@/lib/surfaces/okap/app-actor";
import { okapErrorResponse } from "@/lib/surfaces/okap/okap-error-response";

export type OkapContext<P> = {
  req: Request;
  app: Actor;
  params: P;
  /** The query string as received. */
  query: URLSearchParams;
  /** Lower-case header names, as received. */
  headers: Record<string, string>;
  /** The JSON body as received (bodyLimit bytes at most), not yet validated. */
  body: () => Promise<unknown>;
};

export function okapRoute<P = Record<string, never>>(
  dialect: OkapDialect,
  handler: (ctx: OkapContext<P>) => Promise<Response>,
  options: { bodyLimit?: number } = {},
) {
  return async (req: Request, context: { params?: Promise<P> }): Promise<Response> => {
    try {
      return await handler({
        req,
        app: appActor(req),
        params: ((await context?.params) ?? {}) as P,
        query: new URL(req.url).searchParams,
        headers: Object.fromEntries(req.headers),
        body: () => readJson(req, options.bodyLimit ?? OKAP_BODY_LIMIT),
      });
    } catch (error) {
      return okapErrorResponse(dialect, error);
    }
  };
}
