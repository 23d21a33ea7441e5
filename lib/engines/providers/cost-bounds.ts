/**
 * What a request may not ask for when the vault must bound its cost. The reservation bounds a
 * request by its own body: the bytes it sends (input) and the output bound the vault writes into
 * it. A feature whose cost does not show in the body cannot be bounded that way:
 * - state kept by the provider (an earlier response, a conversation, a stored prompt, a cached
 *   context, a container), whose tokens are billed as input of this request;
 * - files by URL or by id, of any size;
 * - tools that run on the provider's servers (web search, file search, code execution, image
 *   generation, MCP connectors, OpenRouter plugins), billed per call and feeding more tokens back;
 * - work that outlives the request (`background`), and service tiers the catalogue has no price for.
 * On a grant entry with a spend cap such a request is refused before anything is reserved, with
 * 400 `unsupported_parameter` (or 403 `model_not_priced` for a service tier); on an uncapped entry
 * it is forwarded as before. Each endpoint's rules are one table in its dialect's folder
 * (openai/cost-bounds.ts, anthropic/cost-bounds.ts) plus the provider's own fields in the registry.
 * Whatever slips through is still charged at its real cost (lib/domain/spend/settle-spend.ts).
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { valueAt, type Body } from "@/lib/engines/providers/body-paths";

/** A rule's verdict: why the request is refused (null: fine). */
export type Refusal = VaultError | null;

export const CAPPED = "on a grant with a spend cap, because the vault cannot bound what it costs";

export function unsupported(field: string, what: string): VaultError {
  return new VaultError("unsupported_parameter", `${what} is not available ${CAPPED}.`, { field });
}

export function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The first object (depth-first) under `value` for which `test` returns a refusal. */
export function findIn(value: unknown, test: (node: Body) => Refusal, depth = 0): Refusal {
  if (depth > 64 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = findIn(v, test, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const found = test(value as Body);
  if (found) return found;
  for (const v of Object.values(value)) {
    if (v !== null && typeof v === "object") {
      const inner = findIn(v, test, depth + 1);
      if (inner) return inner;
    }
  }
  return null;
}

/** Refuses a tool whose type is not one the client runs itself. */
export function clientToolsOnly(tools: unknown, allowed: (type: unknown) => boolean): Refusal {
  if (!Array.isArray(tools)) return null;
  for (const tool of tools) {
    const type = tool !== null && typeof tool === "object" ? (tool as Body).type : undefined;
    if (!allowed(type)) return unsupported("tools", `The tool type "${String(type).slice(0, 60)}" (run by the provider, billed per call)`);
  }
  return null;
}

/** A service tier other than the standard ones (billed at prices the catalogue does not have). */
export function serviceTier(body: Body, standard: readonly string[]): Refusal {
  const tier = body.service_tier;
  if (!present(tier) || standard.includes(tier as string)) return null;
  return new VaultError(
    "model_not_priced",
    `The service tier "${String(tier).slice(0, 40)}" is billed at prices the vault does not know, so it is not available ${CAPPED}. Use ${standard.map((t) => `"${t}"`).join(" or ")}.`,
    { field: "service_tier" },
  );
}

/** The provider's own fields from the registry: refused always, or on capped grants. */
export function providerFields(
  body: Body,
  refused: readonly string[] | undefined,
  cappedRefused: readonly string[] | undefined,
  capped: boolean,
): Refusal {
  for (const field of refused ?? []) {
    if (present(valueAt(body, field)))
      return new VaultError(
        "unsupported_parameter",
        `\`${field}\` is not available through the vault: it would bypass the grant's model list and prices.`,
        { field },
      );
  }
  if (!capped) return null;
  for (const field of cappedRefused ?? []) if (present(valueAt(body, field))) return unsupported(field, `\`${field}\``);
  return null;
}
