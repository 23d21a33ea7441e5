/**
 * POST /okap/request (dialect A) and POST /okap/authorize (dialect B): validate, store, then either
 * hold the connection until the decision (waiting-response.ts) or, with `Prefer: respond-async`,
 * answer 202 with a poll URL and secret at once.
 */
import { createAccessRequest } from "@/lib/domain/access-requests/create-access-request";
import { db } from "@/lib/foundation/db/client";
import { readJson } from "@/lib/foundation/http/read-json";
import { appActor } from "@/lib/surfaces/okap/app-actor";
import { OKAP_BODY_LIMIT } from "@/lib/engines/okap/fields";
import { okapErrorResponse } from "@/lib/surfaces/okap/okap-error-response";
import { parseDialectA } from "@/lib/engines/okap/parse-dialect-a";
import { parseDialectB } from "@/lib/engines/okap/parse-dialect-b";
import { acceptedBody } from "@/lib/surfaces/okap/render-poll";
import type { OkapDialect } from "@/lib/engines/okap/types";
import { waitingResponse } from "@/lib/surfaces/okap/waiting-response";

export function prefersAsync(headers: Headers): boolean {
  return (headers.get("prefer") ?? "").split(/[,;]/).some((p) => p.trim().toLowerCase() === "respond-async");
}

export async function acceptOkapRequest(req: Request, dialect: OkapDialect): Promise<Response> {
  try {
    const input = await readJson(req, OKAP_BODY_LIMIT);
    const request = dialect === "a" ? parseDialectA(input) : parseDialectB(input);
    const async = prefersAsync(req.headers);
    const app = appActor(req);
    const created = await createAccessRequest(db(), app, { request, delivery: async ? "async" : "wait" });
    if (!async) return waitingResponse(db(), app, created.id, dialect, req.signal);
    const body = acceptedBody(created);
    return Response.json(body, {
      status: 202,
      headers: { "cache-control": "no-store", "preference-applied": "respond-async", location: String(body.poll_url) },
    });
  } catch (error) {
    return okapErrorResponse(dialect, error);
  }
}
