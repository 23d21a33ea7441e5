/** A JSON request as an adapter sees it, for tests that call an adapter directly. */
import type { ProviderAdapter, ProviderRequest } from "@/lib/engines/providers/types";

export function providerRequest(
  adapter: ProviderAdapter,
  path: string,
  body: Record<string, unknown>,
  { method = "POST", headers = {}, query = "" }: { method?: string; headers?: Record<string, string>; query?: string } = {},
): ProviderRequest {
  const endpoint = adapter.endpoint(method, path);
  if (!endpoint) throw new Error(`${adapter.info.id} has no endpoint ${method} ${path}`);
  return { endpoint, query: new URLSearchParams(query), headers, body };
}
