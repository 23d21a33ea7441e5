/**
 * Finds the vault token where a provider's SDK puts its API key: `Authorization: Bearer`, plus the
 * provider's own headers (`x-api-key`, `x-goog-api-key`) and query parameter (`?key=`).
 */
import type { ProviderInfo } from "@/lib/engines/providers/registry";

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function tokenFromRequest(info: ProviderInfo, headers: Headers, query: URLSearchParams): string | null {
  const authorization = single(headers.authorization);
  if (authorization !== undefined) {
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : authorization.trim();
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
