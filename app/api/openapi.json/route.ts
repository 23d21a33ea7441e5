import { buildOpenApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";

export function GET() {
  return Response.json(buildOpenApiDocument(env().publicUrl), { headers: { "cache-control": "no-store" } });
}
