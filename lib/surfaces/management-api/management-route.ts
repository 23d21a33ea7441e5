/**
 * Wraps a management API route handler (/api/v1/*): a management key (never a cookie session), its
 * access, the operation's zod schemas for query and body, Idempotency-Key on POST, one error envelope
 * `{"error": {"type", "message", "request_id"}}`.
 */
import { z } from "zod";
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { authenticateManagementKey, type ManagementCaller } from "@/lib/domain/management-keys/authenticate-management-key";
import type { Operation } from "@/lib/surfaces/management-api/operation";
import { requestHash, runIdempotent, type StoredResponse } from "@/lib/surfaces/management-api/idempotency";
import { newId } from "@/lib/foundation/crypto/random";
import { db } from "@/lib/foundation/db/client";
import { jsonErrorResponse } from "@/lib/foundation/errors/json-error-response";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { CLIENT_IP_HEADER } from "@/lib/foundation/http/client-ip";
import { readJson } from "@/lib/foundation/http/read-json";
import { parseInput } from "@/lib/foundation/validation/parse-input";

export const API_BODY_LIMIT = 64 * 1024;

export type ApiContext<Q, B, P> = {
  req: Request;
  caller: ManagementCaller;
  actor: Actor;
  query: Q;
  body: B;
  params: P;
  requestId: string;
};

const NO_QUERY = z.object({}).strict();
const SESSION_COOKIE = /(^|;\s*)(__Secure-)?next-auth\.session-token=/;

function json(status: number, value: unknown): StoredResponse {
  return { status, body: value === null ? "" : JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) };
}

function toResponse(stored: StoredResponse, requestId: string, replayed = false): Response {
  const headers: Record<string, string> = { "cache-control": "no-store", "x-request-id": requestId };
  if (replayed) headers["idempotent-replayed"] = "true";
  if (stored.status === 204) return new Response(null, { status: 204, headers });
  return new Response(stored.body, { status: stored.status, headers: { ...headers, "content-type": "application/json" } });
}

export function managementRoute<Q extends z.ZodObject, B extends z.ZodType | undefined, R extends z.ZodType, P = Record<string, string>>(
  operation: Operation<Q, B, R>,
  handler: (ctx: ApiContext<z.output<Q>, B extends z.ZodType ? z.output<B> : undefined, P>) => Promise<unknown | Response>,
) {
  return async (req: Request, context: { params?: Promise<P> }): Promise<Response> => {
    const requestId = newId("rid");
    try {
      const authorization = req.headers.get("authorization");
      if (!authorization && SESSION_COOKIE.test(req.headers.get("cookie") ?? "")) {
        throw new VaultError(
          "forbidden",
          "The management API does not accept browser sessions; send a management key (Authorization: Bearer okmk_...).",
        );
      }
      const ip = req.headers.get(CLIENT_IP_HEADER);
      const caller = await authenticateManagementKey(db(), authorization, ip);
      if (operation.access === "write" && caller.access !== "write") throw new VaultError("forbidden", "This management key is read-only.");
      const url = new URL(req.url);
      const query = parseInput((operation.query ?? NO_QUERY) as Q, Object.fromEntries(url.searchParams));
      const rawBody = operation.body ? await readJson(req, API_BODY_LIMIT) : undefined;
      const body = operation.body ? parseInput(operation.body, rawBody) : undefined;
      const params = ((await context?.params) ?? {}) as P;
      const actor: Actor = { type: "management_key", id: caller.keyId, ip, userAgent: req.headers.get("user-agent") };
      const run = async (): Promise<StoredResponse | Response> => {
        const result = await handler({ req, caller, actor, query, body: body as never, params, requestId });
        if (result instanceof Response) return result;
        return json(result === null || result === undefined ? 204 : (operation.status ?? 200), result ?? null);
      };
      const idempotencyKey = req.headers.get("idempotency-key");
      if (req.method === "POST" && idempotencyKey !== null) {
        let replayed = true;
        const stored = await runIdempotent(
          db(),
          {
            managementKeyId: caller.keyId,
            key: idempotencyKey,
            requestHash: requestHash(req.method, url.pathname, JSON.stringify(rawBody ?? null)),
          },
          async () => {
            replayed = false;
            const result = await run();
            if (result instanceof Response) throw new Error("idempotent endpoints must answer JSON");
            return result;
          },
        );
        return toResponse(stored, requestId, replayed);
      }
      const result = await run();
      return result instanceof Response ? result : toResponse(result, requestId);
    } catch (error) {
      return jsonErrorResponse(error, requestId);
    }
  };
}
