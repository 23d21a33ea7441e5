import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { buildOpenApiDocument } from "@/lib/surfaces/management-api/openapi";
import { env } from "@/lib/foundation/env";
import { pageUser } from "@/app/(dashboard)/page-user";

export const metadata = { title: "Management API" };

type Operation = {
  summary: string;
  description?: string;
  tags: string[];
  "x-required-scope": string;
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
};

function typeOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Record<string, unknown>[]).map(typeOf).join(" | ");
  return String(schema.type ?? (schema.format ? schema.format : "any"));
}

/** Renders /api/openapi.json (the same document, generated from the validating zod schemas). */
export default async function ApiDocsPage() {
  await pageUser();
  const base = env().publicUrl;
  const doc = buildOpenApiDocument(base) as { info: { description: string }; paths: Record<string, Record<string, Operation>> };
  return (
    <>
      <PageHeader
        title="Management API"
        description={
          <>
            {doc.info.description} Machine-readable:{" "}
            <a className="underline" href="/api/openapi.json">
              /api/openapi.json
            </a>{" "}
            (OpenAPI 3.1).
          </>
        }
      />
      {Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => (
          <Card
            key={`${method} ${path}`}
            title={`${method.toUpperCase()} ${path}`}
            description={op.summary}
            actions={<Badge tone={op["x-required-scope"] === "write" ? "amber" : "neutral"}>{op["x-required-scope"]} key</Badge>}
          >
            <div className="space-y-3 text-sm">
              {op.description && <p className="text-slate-600">{op.description}</p>}
              {op.parameters.length > 0 && (
                <table className="w-full text-left">
                  <tbody className="divide-y divide-slate-100">
                    {op.parameters.map((p) => (
                      <tr key={`${p.in}-${p.name}`}>
                        <td className="py-1 pr-3 font-mono">{p.name}</td>
                        <td className="py-1 pr-3 text-slate-500">{p.in}</td>
                        <td className="py-1 pr-3 font-mono text-xs text-slate-600">{typeOf(p.schema)}</td>
                        <td className="py-1 text-slate-500">{p.required ? "required" : "optional"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
                {`curl -H "Authorization: Bearer okmk_..." ${base}${path.replace(/\{(\w+)\}/g, ":$1")}`}
              </pre>
              <p className="text-xs text-slate-500">
                Answers:{" "}
                {Object.entries(op.responses)
                  .map(([code, r]) => `${code} ${r.description}`)
                  .join(" · ")}
              </p>
            </div>
          </Card>
        )),
      )}
    </>
  );
}
