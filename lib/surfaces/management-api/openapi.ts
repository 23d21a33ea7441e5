/**
 * The OpenAPI 3.1 document of the management API, generated from the same zod schemas that validate
 * each operation (the lib operations' own schemas, referenced by lib/surfaces/management-api/operations). JSON Schema 2020-12 is OpenAPI 3.1's own dialect.
 */
import { z } from "zod";
import { OPERATIONS } from "@/lib/surfaces/management-api/operations";

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid request (unknown or malformed parameter or field)",
  401: "Missing, invalid or revoked management key",
  403: "A read-only key on a write operation, or a browser session instead of a key",
  404: "No such object (or not yours)",
  409: "Conflict with the current state",
  422: "Idempotency-Key reused with another body, or a valid request that cannot be applied",
  429: "Too many invalid keys from this address",
};

const errorSchema = z.object({
  error: z
    .object({ type: z.string(), message: z.string(), field: z.string().optional().describe("the input at fault"), request_id: z.string() })
    .catchall(z.unknown()),
});

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function parameters(query: z.ZodObject | undefined, path: string) {
  const params: Record<string, unknown>[] = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  if (!query) return params;
  for (const [name, field] of Object.entries(query.shape)) {
    const schema = jsonSchema(field as z.ZodType, "input");
    params.push({ name, in: "query", required: !(field as z.ZodType).safeParse(undefined).success, schema });
  }
  return params;
}

export function buildOpenApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const status = String(operation.status ?? 200);
    const success =
      "contentType" in operation.response
        ? { description: operation.response.description, content: { [operation.response.contentType]: {} } }
        : { description: "Success", content: { "application/json": { schema: jsonSchema(operation.response as z.ZodType, "output") } } };
    const responses: Record<string, unknown> = { [status]: success };
    for (const code of operation.errors) {
      responses[String(code)] = {
        description: STATUS_TEXT[code] ?? "Error",
        content: { "application/json": { schema: jsonSchema(errorSchema, "output") } },
      };
    }
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method.toLowerCase()] = {
      tags: [operation.tag],
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      "x-required-scope": operation.access,
      parameters: parameters(operation.query, operation.path),
      ...(operation.body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(operation.body as z.ZodType, "input") } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "okap-vault management API",
      version: "1",
      description:
        'Scripts and tools manage the vault with a management key (Settings → Management keys, or `vault mgmt-key create`). Browser sessions are not accepted. Errors are `{"error": {"type", "message", "field"?, "request_id"}}` (`field`: the parameter or body field at fault), with `retry-after` on 429 and 503. Lists take `page` (from 1) and `limit` (1-100) and answer `{data, page, limit, total}`. POST honours `Idempotency-Key`.',
    },
    servers: [{ url: serverUrl }],
    security: [{ managementKey: [] }],
    components: { securitySchemes: { managementKey: { type: "http", scheme: "bearer", description: "okmk_... management key" } } },
    paths,
  };
}
