/**
 * Wraps a management API route handler (/api/v1/*): a management key (never a cookie session) and
 * the account it acts for, its access, Idempotency-Key on POST, one error envelope
 * `{"error": {"type", "message", "field"?, "request_id"}}`. It parses nothing of the request: the
 * handler hands the raw query, body and path parameters to one lib operation, which owns the schema
 * (the same schema the operation's description, and so the OpenAPI document, shows).
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

export type ApiContext<P> = {
  req: Request;
  caller: ManagementCaller;
  actor: Actor;
  /** The query string as received, one value per name. */
  query: Record<string, string>;
  /** The JSON body as received (operations that take one), not yet validated. */
  body: unknown;
  params: P;
  requestId: string;
};

/** An operation that describes no query takes none. */
const NO_QUERY = z.object({}).strict();
const SESSION_COOKIE = /(^|;\s*)(__Host-)?okap_session=/;

function json(status: number, value: unknown): StoredResponse {
  return { status, body: value === null ? "" : JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) };
}

function toResponse(stored: StoredResponse, requestId: string, replayed = false): Response {
  const headers: Record<string, string> = { "cache-control": "no-store", "x-request-id": requestId };
  if (replayed) headers["idempotent-replayed"] = "true";
  if (stored.status === 204) return new Response(null, { status: 204, headers });
  return new Response(stored.body, { status: stored.status, headers: { ...headers, "content-type": "application/json" } });
}

async function authenticate(req: Request, operation: Readonly<Operation>): Promise<ManagementCaller> {
  const authorization = req.headers.get("authorization");
  if (!authorization && SESSION_COOKIE.test(req.headers.get("cookie") ?? "")) {
    throw new VaultError(
      "forbidden",
      "The management API does not accept browser sessions; send a management key (Authorization: Bearer okmk_...).",
    );
  }
  const caller = await authenticateManagementKey(db(), authorization, req.headers.get(CLIENT_IP_HEADER));
  if (operation.access === "write" && caller.access !== "write") throw new VaultError("forbidden", "This management key is read-only.");
  return caller;
}

export function managementRoute<P = Record<string, string>>(
  operation: Readonly<Operation>,
  handler: (ctx: ApiContext<P>) => Promise<unknown>,
) {
  return async (req: Request, context: { params?: Promise<P> }): Promise<Response> => {
    const requestId = newId("rid");
    try {
      const caller = await authenticate(req, operation);
      const url = new URL(req.url);
      const query = Object.fromEntries(url.searchParams);
      if (!operation.query) parseInput(NO_QUERY, query);
      const body = operation.body ? await readJson(req, API_BODY_LIMIT) : undefined;
      const params = ((await context?.params) ?? {}) as P;
      const actor: Actor = {
        type: "management_key",
        id: caller.keyId,
        ip: req.headers.get(CLIENT_IP_HEADER),
        userAgent: req.headers.get("user-agent"),
      };
      const run = async (): Promise<StoredResponse | Response> => {
        const result = await handler({ req, caller, actor, query, body, params, requestId });
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
            requestHash: requestHash(req.method, url.pathname, JSON.stringify(body ?? null)),
          },
          async () => {
            replayed = false;
            const result = await run();
            if (result instanceof Response) throw new Error("idempotent operations must answer JSON");
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
