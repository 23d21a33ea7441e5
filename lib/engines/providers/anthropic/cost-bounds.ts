/**
 * What the Messages API refuses on a grant with a spend cap (see lib/engines/providers/cost-bounds.ts):
 *
 * | endpoint | refused on capped grants |
 * |---|---|
 * | v1/messages | server tools (`tools` entries typed other than `custom` or the client-run `bash_*`, `text_editor_*`, `computer_*`, `memory_*`: web search, web fetch, code execution, tool search, ...); `mcp_servers`; `container`; `document` sources by `url` or `file` id and `container_upload` blocks; `service_tier` other than `auto` / `standard_only`; `anthropic-beta` flags that enable server tools or stored files (`mcp-client-*`, `code-execution-*`, `web-fetch-*`, `files-api-*`, `skills-*`) |
 * | v1/messages/count_tokens | nothing (free) |
 */
import type { Body } from "@/lib/engines/providers/body-paths";
import type { Endpoint, Headers } from "@/lib/engines/providers/types";
import { clientToolsOnly, findIn, present, serviceTier, unsupported, type Refusal } from "@/lib/engines/providers/cost-bounds";

const CLIENT_TOOL_PREFIXES = ["bash_", "text_editor_", "computer_", "memory_"];
const SERVER_BETA_PREFIXES = ["mcp-client-", "code-execution-", "web-fetch-", "files-api-", "skills-"];
const STANDARD_TIERS = ["auto", "standard_only"] as const;

function clientTool(type: unknown): boolean {
  return (
    type === undefined ||
    type === null ||
    type === "custom" ||
    (typeof type === "string" && CLIENT_TOOL_PREFIXES.some((p) => type.startsWith(p)))
  );
}

function contentByReference(node: Body): Refusal {
  const source = node.source !== null && typeof node.source === "object" ? (node.source as Body) : null;
  if (node.type === "document" && (source?.type === "url" || source?.type === "file"))
    return unsupported("messages", "A document by URL or file id");
  if (node.type === "container_upload") return unsupported("messages", "A `container_upload` block");
  return null;
}

function serverBeta(headers: Headers): Refusal {
  const raw = headers["anthropic-beta"];
  const flags = (Array.isArray(raw) ? raw.join(",") : (raw ?? "")).split(",").map((f) => f.trim().toLowerCase());
  const flag = flags.find((f) => SERVER_BETA_PREFIXES.some((p) => f.startsWith(p)));
  return flag ? unsupported("anthropic-beta", `The beta "${flag.slice(0, 60)}" (server tools or stored files)`) : null;
}

type Rule = (body: Body, headers: Headers) => Refusal;

const MESSAGES_RULES: Rule[] = [
  (b) => clientToolsOnly(b.tools, clientTool),
  (b) => (present(b.mcp_servers) ? unsupported("mcp_servers", "MCP connectors (`mcp_servers`)") : null),
  (b) => (present(b.container) ? unsupported("container", "A code-execution container (`container`)") : null),
  (b) => findIn(b.messages, contentByReference) ?? findIn(b.system, contentByReference),
  (b) => serviceTier(b, STANDARD_TIERS),
  (_b, h) => serverBeta(h),
];

const RULES: Readonly<Record<string, readonly Rule[]>> = { "v1/messages": MESSAGES_RULES };

export function anthropicRefusal(endpoint: Endpoint, body: Body, headers: Headers, capped: boolean): Refusal {
  if (!capped) return null;
  for (const rule of RULES[endpoint.name] ?? []) {
    const refusal = rule(body, headers);
    if (refusal) return refusal;
  }
  return null;
}
