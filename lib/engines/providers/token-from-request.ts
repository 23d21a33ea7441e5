/**
 * Finds the vault token where a provider's SDK puts its API key: `Authorization: Bearer`, plus the
 * provider's own headers (`x-api-key`, `x-goog-api-key`) and query parameter (`?key=`). The same
 * places are the token's carriers, which the proxy never forwards.
 */
import type { Headers, ProviderInfo } from "@/lib/engines/providers/types";

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function tokenFromRequest(info: ProviderInfo, headers: Headers, query: URLSearchParams): string | null {
  const authorization = single(headers.authorization);
  if (authorization !== undefined) {
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] ?? authorization.trim();
  }
  for (const name of info.tokenHeaders ?? []) {
    const value = single(headers[name]);
    if (value !== undefined) return value.trim();
  }
  if (info.tokenQueryParam) {
    const value = query.get(info.tokenQueryParam);
    if (value !== null) return value.trim();
  }
  return null;
}

/** Where a provider's token may arrive: the headers (lower case) and query parameters never forwarded upstream. */
export function tokenCarriers(info: ProviderInfo): { tokenHeaders: readonly string[]; tokenQueryParams: readonly string[] } {
  return {
    tokenHeaders: Object.freeze(["authorization", ...(info.tokenHeaders ?? [])]),
    tokenQueryParams: Object.freeze(info.tokenQueryParam ? [info.tokenQueryParam] : []),
  };
}
