import { buildOpenApiDocument } from "@/lib/surfaces/management-api/openapi";
import { env } from "@/lib/foundation/env";

export function GET() {
  return Response.json(buildOpenApiDocument(env().publicUrl), { headers: { "cache-control": "no-store" } });
}
